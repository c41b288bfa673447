//! The command-line interface (names and behaviour fixed by issue #2; other tools drive them).
//! Help texts are Dutch (the UI language); the doc comments of the items are English.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The parsed command line.
#[derive(Debug, Parser)]
#[command(
    name = "dgr",
    version,
    about = "doelgroepregister: het register van de doelgroep banenafspraak (Wet banenafspraak en quotum arbeidsbeperkten)",
    long_about = "doelgroepregister: leveringen inlezen, opvragen of iemand in het register staat, datakwaliteit bewaken en rapporteren (banenmonitor, trend, quotum).\nUitvoer in het Nederlands; datums als JJJJ-MM-DD; tijdstippen als RFC 3339 of JJJJ-MM-DD (begin van die dag, Europe/Amsterdam).",
    propagate_version = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// The register's database: a SQLite file (path or `sqlite:PAD`) or a PostgreSQL URL.
    #[arg(
        long,
        global = true,
        env = "DGR_DATABASE",
        default_value = "./dgr.db",
        help = "Database: een bestand (SQLite, wordt bij eerste gebruik aangemaakt) of postgres://gebruiker@host/database"
    )]
    pub db: dgr_store::Database,

    /// Progress messages on stderr.
    #[arg(
        short,
        long,
        global = true,
        help = "Voortgangsmeldingen op stderr (DGR_LOG=debug voor meer)"
    )]
    pub verbose: bool,

    /// The staff member reading personal data (the actor of the processing log's audit record);
    /// default the operating-system user.
    #[arg(
        long,
        global = true,
        env = "DGR_GEBRUIKER",
        help = "De medewerker die persoonsgegevens opvraagt, voor het verwerkingenlogboek (standaard de gebruiker van het besturingssysteem)"
    )]
    pub gebruiker: Option<String>,

    /// The subcommand.
    #[command(subcommand)]
    pub commando: Commando,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Commando {
    /// `dgr import`.
    #[command(about = "Een levering (CSV of XLSX) inlezen: geheel of helemaal niet toegepast")]
    Import(ImportArgs),
    /// `dgr check`.
    #[command(
        about = "Staat dit BSN op de peildatum in het doelgroepregister? Antwoord: ja of nee"
    )]
    Check(CheckArgs),
    /// `dgr persoon`.
    #[command(
        about = "Medewerkersbeeld van één persoon: gegevens en alle registratieversies (beide tijdlijnen)"
    )]
    Persoon(PersoonArgs),
    /// `dgr leveringen`.
    #[command(about = "De toegepaste en afgewezen leveringen met hun aantallen")]
    Leveringen(JsonArg),
    /// `dgr kwaliteit`.
    #[command(
        about = "Datakwaliteit: onvolledige geboortedatums, registraties zonder persoonsgegevens, voorlopige AOW-datums, late bronnen"
    )]
    Kwaliteit(JsonArg),
    /// `dgr brieven`.
    #[command(
        about = "De brieven van één dag over nieuwe registraties (art. 38d lid 8 Wfsv) voor de postkamer: één afdrukbaar document en één bestand per brief"
    )]
    Brieven(BrievenArgs),
    /// `dgr referentie`.
    #[command(
        about = "De referentiegegevens in gebruik tonen, of een nieuwe set laden uit een map"
    )]
    Referentie(ReferentieArgs),
    /// `dgr demo`.
    #[command(
        about = "Een synthetisch Nederland maken (alle leveringen) en via de gewone import inlezen"
    )]
    Demo(DemoArgs),
    /// `dgr rapport …`.
    #[command(
        subcommand,
        about = "Rapportages: banenmonitor (R-23), regionale trend (R-27), quotum (R-30..R-34)"
    )]
    Rapport(Rapport),
    /// `dgr voordelen`.
    #[command(
        about = "No-riskpolis en LKV voor een werknemer en dienstverband (R-35, R-36), zonder grondslag"
    )]
    Voordelen(VoordelenArgs),
    /// `dgr serve`.
    #[command(about = "De HTTP-API starten (/api/v1), met authenticatie en verwerkingenlogboek")]
    Serve(ServeArgs),
    /// `dgr token`.
    #[command(
        about = "Een ontwikkeltoken maken (alleen geldig bij een server met --ontwikkel-issuer)"
    )]
    Token(TokenArgs),
    /// `dgr verwerkingen`.
    #[command(
        about = "Verwerkingenlogboek van één persoon (medewerkers), of opschonen volgens de bewaartermijnen"
    )]
    Verwerkingen(VerwerkingenArgs),
    /// `dgr signalen`.
    #[command(
        about = "Organisaties met veel opvragingen van BSN's buiten de eigen polis (misbruiksignalen)"
    )]
    Signalen(SignalenArgs),
    /// `dgr migreer`.
    #[command(
        about = "Een SQLite-register (register en verwerkingenlogboek) geheel overzetten naar PostgreSQL, met controle"
    )]
    Migreer(MigreerArgs),
}

/// `dgr serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Listen address.
    #[arg(long, default_value = "127.0.0.1:8080", help = "Luisteradres")]
    pub listen: String,
    /// Server options.
    #[command(flatten)]
    pub server: ServerOpties,
}

/// Options shared by `serve` and `demo --serve`.
#[derive(Debug, Args)]
pub struct ServerOpties {
    /// JWKS file of the trusted issuer.
    #[arg(
        long,
        env = "DGR_JWKS",
        help = "JWKS (bestand of http(s)-URL, bijv. de jwks_uri van een OIDC-provider) met de publieke sleutels van de vertrouwde uitgever"
    )]
    pub jwks: Option<String>,
    /// Trusted issuer.
    #[arg(long, env = "DGR_ISSUER", help = "De vertrouwde uitgever (iss)")]
    pub issuer: Option<String>,
    /// Audience.
    #[arg(
        long,
        env = "DGR_AUDIENCE",
        default_value = "doelgroepregister",
        help = "De verwachte audience (aud)"
    )]
    pub audience: String,
    /// Accept development tokens.
    #[arg(
        long,
        help = "Ook ontwikkeltokens van `dgr token` accepteren (nooit in productie)"
    )]
    pub ontwikkel_issuer: bool,
    /// Data folder.
    #[arg(
        long,
        help = "Map voor sleutels en het logboekgeheim (standaard de map van de database)"
    )]
    pub data_map: Option<PathBuf>,
    /// Rate limit.
    #[arg(
        long,
        default_value_t = 1000,
        help = "BSN-opvragingen per werkgever per dag"
    )]
    pub limiet_per_dag: u64,
    /// Do not compute the dashboards, quota and monitors ahead (at start and after each change
    /// of the register; for benchmarks of other work).
    #[arg(
        long,
        help = "De dashboards, het quotum en de werkgeversmonitors niet vooruit berekenen (bij het starten en na elke wijziging van het register; bijv. voor metingen van opvragingen)"
    )]
    pub zonder_voorberekening: bool,
    /// OIDC provider for the web login.
    #[arg(
        long,
        env = "DGR_OIDC_ISSUER",
        requires_all = ["oidc_client_id", "basis_url"],
        help = "OIDC-provider (issuer-URL) voor het inloggen op de website: authorization code flow met PKCE"
    )]
    pub oidc_issuer: Option<String>,
    /// OIDC client id.
    #[arg(
        long,
        env = "DGR_OIDC_CLIENT_ID",
        help = "Client-id van deze server bij de OIDC-provider"
    )]
    pub oidc_client_id: Option<String>,
    /// OIDC client secret.
    #[arg(
        long,
        env = "DGR_OIDC_CLIENT_SECRET",
        hide_env_values = true,
        help = "Clientgeheim bij de OIDC-provider (weglaten voor een publieke client)"
    )]
    pub oidc_client_secret: Option<String>,
    /// Public base URL.
    #[arg(
        long,
        env = "DGR_BASIS_URL",
        help = "Publieke basis-URL van deze server (redirect-URI: BASIS/login/oidc/terug)"
    )]
    pub basis_url: Option<String>,
    /// Upload limit (MiB).
    #[arg(
        long,
        env = "DGR_MAX_LEVERING_MB",
        default_value_t = 1024,
        value_parser = clap::value_parser!(u64).range(1..=1_048_576),
        help = "Grootste leveringsbestand in MB (1 MB = 1.048.576 bytes) voor POST /api/v1/leveringen en de pagina /leveringen; groter geeft 413"
    )]
    pub max_levering_mb: u64,
    /// Connection limit.
    #[arg(
        long,
        env = "DGR_MAX_VERBINDINGEN",
        default_value_t = 4096,
        value_parser = clap::value_parser!(u64).range(1..=1_000_000),
        help = "Meeste open verbindingen; bij de grens sluit de langst ongebruikte (houd dit ruim onder ulimit -n)"
    )]
    pub max_verbindingen: u64,
    /// Reader connections to the register.
    #[arg(
        long,
        env = "DGR_LEZERS",
        value_parser = clap::value_parser!(u64).range(1..=256),
        help = "Leesverbindingen met het register (standaard: één per kern, hoogstens 8; bij PostgreSQL twee per kern, minstens 4 en hoogstens 16)"
    )]
    pub lezers: Option<u64>,
    /// How long a commit of the processing log waits for more requests under load.
    #[arg(
        long,
        env = "DGR_LOGBOEK_WACHTTIJD_US",
        value_parser = clap::value_parser!(u64).range(0..=100_000),
        help = "Microseconden die een vastlegging in het verwerkingenlogboek onder belasting wacht op meer verzoeken, zodat die één schrijfactie en fsync delen (standaard 250 bij de ingebedde database, 500 bij PostgreSQL; 0: nooit wachten)"
    )]
    pub logboek_wachttijd_us: Option<u64>,
    /// Header-read and idle keep-alive timeout (s).
    #[arg(
        long,
        env = "DGR_KOP_TIMEOUT_S",
        default_value_t = 10,
        value_parser = clap::value_parser!(u64).range(1..=3600),
        help = "Seconden voor het sturen van de headers van een verzoek; ook de time-out van een ongebruikte keep-alive-verbinding"
    )]
    pub kop_timeout_s: u64,
    /// Request timeout (s).
    #[arg(
        long,
        env = "DGR_VERZOEK_TIMEOUT_S",
        default_value_t = 60,
        value_parser = clap::value_parser!(u64).range(1..=86_400),
        help = "Seconden voor één verzoek (API en pagina's), behalve uploads; daarna 408"
    )]
    pub verzoek_timeout_s: u64,
    /// Upload timeout (s).
    #[arg(
        long,
        env = "DGR_UPLOAD_TIMEOUT_S",
        default_value_t = 1800,
        value_parser = clap::value_parser!(u64).range(1..=86_400),
        help = "Seconden voor één upload van een levering (ontvangen en inlezen); daarna 408"
    )]
    pub upload_timeout_s: u64,
}

/// `dgr token`.
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// Role.
    #[arg(
        long,
        help = "Rol: burger, werkgever, gemeente, uwv, wsp, analist, belastingdienst, bron, beheer"
    )]
    pub rol: String,
    /// Subject.
    #[arg(long, default_value = "ontwikkelaar", help = "Subject (sub)")]
    pub sub: String,
    /// burger: BSN.
    #[arg(long, help = "burger: het eigen BSN")]
    pub bsn: Option<String>,
    /// werkgever: lhn.
    #[arg(
        long = "loonheffingennummer",
        help = "werkgever: eigen loonheffingennummer (herhaalbaar)"
    )]
    pub loonheffingennummers: Vec<String>,
    /// werkgever: fiscaal nummer.
    #[arg(long, help = "werkgever: fiscaal nummer")]
    pub fiscaal_nummer: Option<String>,
    /// gemeente.
    #[arg(long, help = "gemeente (of bron van een gemeente): gemeentecode")]
    pub gemeentecode: Option<String>,
    /// bron.
    #[arg(long, help = "bron: welke bron (UWV, GEMEENTE, …)")]
    pub bron: Option<String>,
    /// wsp.
    #[arg(long, help = "wsp: arbeidsmarktregio")]
    pub arbeidsmarktregio: Option<String>,
    /// Organisation name.
    #[arg(long, help = "Naam van de organisatie (voor het logboek)")]
    pub organisatie: Option<String>,
    /// Validity.
    #[arg(long, default_value_t = 480, help = "Geldigheid in minuten")]
    pub geldig_minuten: u64,
    /// Audience.
    #[arg(long, default_value = "doelgroepregister", help = "Audience (aud)")]
    pub audience: String,
    /// Data folder.
    #[arg(
        long,
        help = "Map met de ontwikkelsleutel (standaard de map van de database)"
    )]
    pub data_map: Option<PathBuf>,
}

/// `dgr verwerkingen`.
#[derive(Debug, Args)]
pub struct VerwerkingenArgs {
    /// A person's BSN.
    #[arg(long, help = "Toon de verwerkingen van dit BSN")]
    pub bsn: Option<String>,
    /// Purge.
    #[arg(
        long,
        help = "Verwijder verwerkingen ouder dan de bewaartermijn van hun verwerkingsactiviteit"
    )]
    pub opschonen: bool,
    /// Data folder.
    #[arg(
        long,
        help = "Map met het logboekgeheim (standaard de map van de database)"
    )]
    pub data_map: Option<PathBuf>,
    /// JSON output.
    #[arg(long, help = "Uitvoer als JSON")]
    pub json: bool,
}

/// `dgr signalen`.
#[derive(Debug, Args)]
pub struct SignalenArgs {
    /// Days back.
    #[arg(long, default_value_t = 30, help = "Aantal dagen terug")]
    pub dagen: i64,
    /// JSON output.
    #[arg(long, help = "Uitvoer als JSON")]
    pub json: bool,
}

/// `dgr migreer`.
#[derive(Debug, Args)]
pub struct MigreerArgs {
    /// The SQLite register file (its processing log is the `.logboek.db` beside it).
    #[arg(
        long,
        help = "Het SQLite-registerbestand (het logboek ernaast gaat mee)"
    )]
    pub van: std::path::PathBuf,
    /// The PostgreSQL database (empty schemas).
    #[arg(
        long,
        help = "De PostgreSQL-database: postgres://gebruiker@host/database (schema's moeten leeg zijn)"
    )]
    pub naar: dgr_store::Database,
    /// The year of the banenmonitor compared before and after (default: last year).
    #[arg(
        long,
        help = "Jaar van de banenmonitor die voor en na wordt vergeleken (standaard: vorig jaar)"
    )]
    pub jaar: Option<i32>,
}

/// `dgr import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Kind of delivery.
    #[arg(
        long,
        help = "Soort levering: registraties, personen, polis, werkgevers, werkgeversuren, kandidaten, eenheden, personeel"
    )]
    pub soort: String,
    /// Delivering source.
    #[arg(
        long,
        help = "Bron: UWV, GEMEENTE, INLICHTINGENBUREAU, PANTEIA, CBS, BRP, BELASTINGDIENST, WERKGEVER"
    )]
    pub bron: String,
    /// The source's delivery reference.
    #[arg(
        long,
        help = "Leveringskenmerk van de bron; (bron, kenmerk) identificeert de levering"
    )]
    pub kenmerk: String,
    /// Gemeentecode of a delivering municipality.
    #[arg(
        long,
        help = "Gemeentecode van een leverende gemeente (verplicht bij --bron GEMEENTE)"
    )]
    pub gemeente: Option<String>,
    /// Fiscaal nummer of a delivering employer (eenheden, personeel; R-42).
    #[arg(
        long,
        help = "Fiscaal nummer (9 cijfers) van de werkgever die eenheden of personeel levert (verplicht bij --bron WERKGEVER)"
    )]
    pub fiscaal_nummer: Option<String>,
    /// strict or accept-valid.
    #[arg(
        long,
        default_value = "strict",
        help = "strict: één foute rij wijst de levering af; accept-valid: geldige rijen toepassen, foute naar een afwijzingsbestand"
    )]
    pub modus: String,
    /// Transaction time for backfilling.
    #[arg(
        long,
        help = "Transactietijd (RFC 3339 of JJJJ-MM-DD) om historische leveringen na te leveren; niet vóór de laatst vastgelegde. Standaard: nu"
    )]
    pub geregistreerd_op: Option<String>,
    /// Where to write the rejection file.
    #[arg(
        long,
        help = "Pad voor het afwijzingsbestand (standaard BESTAND.afgewezen.csv/.xlsx naast het bestand)"
    )]
    pub afwijzingen: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long, help = "Het leveringsrapport als JSON")]
    pub json: bool,
    /// The delivery file.
    #[arg(value_name = "BESTAND", help = "Het leveringsbestand (CSV of XLSX)")]
    pub bestand: PathBuf,
}

/// `dgr check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The BSN.
    #[arg(help = "Het BSN (9 cijfers, of 8 als de voorloopnul is weggevallen)")]
    pub bsn: String,
    /// The date the question is about.
    #[arg(
        long,
        help = "De datum waarover de vraag gaat (JJJJ-MM-DD); standaard vandaag (Europe/Amsterdam)"
    )]
    pub peildatum: Option<String>,
    /// Answer as known at this moment.
    #[arg(
        long,
        help = "Antwoord zoals het register het wist op dit moment (RFC 3339 of JJJJ-MM-DD); standaard nu"
    )]
    pub bekend_op: Option<String>,
    /// JSON output.
    #[arg(
        long,
        help = "JSON: {\"inDoelgroepregister\": true, \"peildatum\": \"2025-06-30\"}"
    )]
    pub json: bool,
    /// Data folder.
    #[arg(
        long,
        help = "Map met het logboekgeheim (standaard de map van de database)"
    )]
    pub data_map: Option<PathBuf>,
}

/// `dgr brieven`.
#[derive(Debug, Args)]
pub struct BrievenArgs {
    /// The day (Europe/Amsterdam) whose notices are written.
    #[arg(
        long,
        help = "De dag waarvan de kennisgevingen worden geschreven (JJJJ-MM-DD, Nederlandse tijd); standaard vandaag"
    )]
    pub datum: Option<String>,
    /// The folder to write into (created; must be empty or new).
    #[arg(
        long,
        help = "Map voor de brieven (wordt gemaakt; moet leeg of nieuw zijn)"
    )]
    pub map: PathBuf,
    /// Data folder.
    #[arg(
        long,
        help = "Map met het logboekgeheim (standaard de map van de database)"
    )]
    pub data_map: Option<PathBuf>,
}

/// `dgr persoon`.
#[derive(Debug, Args)]
pub struct PersoonArgs {
    /// The BSN.
    #[arg(help = "Het BSN")]
    pub bsn: String,
    /// As known at this moment.
    #[arg(
        long,
        help = "De persoon zoals het register hem kende op dit moment; standaard nu"
    )]
    pub bekend_op: Option<String>,
    /// JSON output.
    #[arg(long, help = "Uitvoer als JSON")]
    pub json: bool,
    /// Data folder.
    #[arg(
        long,
        help = "Map met het logboekgeheim (standaard de map van de database)"
    )]
    pub data_map: Option<PathBuf>,
}

/// A lone `--json` flag.
#[derive(Debug, Args)]
pub struct JsonArg {
    /// JSON output.
    #[arg(long, help = "Uitvoer als JSON")]
    pub json: bool,
}

/// `dgr referentie`.
#[derive(Debug, Args)]
pub struct ReferentieArgs {
    /// Folder with a complete reference set.
    #[arg(
        long,
        help = "Map met een volledige referentieset (de tien CSV-bestanden van reference/) om te valideren en te laden"
    )]
    pub map: Option<PathBuf>,
    /// JSON output.
    #[arg(long, help = "Uitvoer als JSON")]
    pub json: bool,
}

/// `dgr demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Population scale.
    #[arg(
        long,
        default_value_t = 1.0,
        help = "Schaal: 1.0 is landelijk (~290.000 personen tegelijk in het register, ~460.000 personen met BRP-gegevens over 2012-2026)"
    )]
    pub schaal: f64,
    /// Random seed.
    #[arg(
        long,
        default_value_t = 2015,
        help = "Startwaarde van het toeval; dezelfde seed geeft dezelfde leveringen"
    )]
    pub seed: u64,
    /// Folder for the delivery files.
    #[arg(
        long,
        default_value = "demo-data",
        help = "Map voor de leveringsbestanden"
    )]
    pub map: PathBuf,
    /// Only write the files.
    #[arg(
        long,
        help = "Alleen de bestanden schrijven en het leveringsplan tonen; niets inlezen"
    )]
    pub alleen_bestanden: bool,
    /// Start the server afterwards.
    #[arg(
        long,
        help = "Na het inlezen de API starten (met ontwikkelissuer) en voorbeeldtokens tonen"
    )]
    pub serve: bool,
    /// Listen address for --serve.
    #[arg(
        long,
        default_value = "127.0.0.1:8080",
        help = "Luisteradres bij --serve"
    )]
    pub listen: String,
}

/// `dgr rapport …`.
#[derive(Debug, Subcommand)]
pub enum Rapport {
    /// The banenmonitor.
    #[command(
        about = "Landelijke banenmonitor van een jaar (december): banen, werkende personen, extra banen per sector"
    )]
    Banenmonitor(BanenmonitorArgs),
    /// The regional trend.
    #[command(
        about = "Regionale trendrapportage van een kwartaal, met onthullingsbeheersing (R-40)"
    )]
    Trend(TrendArgs),
    /// The register's size and flows per quarter.
    #[command(
        about = "Omvang van het register per kwartaal: personen op de peildatum, instroom en uitstroom, met onthullingsbeheersing (R-40)"
    )]
    Omvang(OmvangArgs),
    /// The quota.
    #[command(about = "Quotum per fiscaal nummer: uren, percentage, tekort en heffing")]
    Quotum(QuotumArgs),
    /// The werkgeversmonitor of one organisation (R-42..R-44).
    #[command(
        about = "Werkgeversmonitor van een organisatie: werknemers, doelgroep en banen per eenheid in een kwartaal, met onthullingsbeheersing (R-44)"
    )]
    Werkgeversmonitor(WerkgeversmonitorArgs),
}

/// `dgr rapport werkgeversmonitor`.
#[derive(Debug, Args)]
pub struct WerkgeversmonitorArgs {
    /// The organisation.
    #[arg(long, help = "Fiscaal nummer van de organisatie (9 cijfers)")]
    pub fiscaal_nummer: String,
    /// The quarter.
    #[arg(long, help = "Het kwartaal, bijv. 2025-K4 (peildatum: de laatste dag)")]
    pub kwartaal: String,
    /// Data folder with the processing log's secret.
    #[arg(
        long,
        help = "Map met logboek.geheim (standaard: de map van de database)"
    )]
    pub data_map: Option<PathBuf>,
    /// Output.
    #[command(flatten)]
    pub uitvoer: Uitvoer,
}

/// Output options shared by the reports.
#[derive(Debug, Args)]
pub struct Uitvoer {
    /// As known at.
    #[arg(
        long,
        help = "Zoals het register het wist op dit moment (RFC 3339 of JJJJ-MM-DD); standaard nu"
    )]
    pub bekend_op: Option<String>,
    /// Output format.
    #[arg(long, default_value = "tekst", help = "tekst, json, csv of xlsx")]
    pub formaat: String,
    /// Output file.
    #[arg(
        long,
        help = "Naar dit bestand schrijven in plaats van stdout (verplicht bij xlsx)"
    )]
    pub uit: Option<PathBuf>,
}

/// `dgr rapport banenmonitor`.
#[derive(Debug, Args)]
pub struct BanenmonitorArgs {
    /// The measured year.
    #[arg(long, help = "Het meetjaar (december van dat jaar)")]
    pub jaar: i32,
    /// Skip the series.
    #[arg(
        long,
        help = "Alleen het meetjaar en de nulmeting berekenen, niet de reeks van alle jaren"
    )]
    pub zonder_reeks: bool,
    /// Output.
    #[command(flatten)]
    pub uitvoer: Uitvoer,
}

/// `dgr rapport trend`.
#[derive(Debug, Args)]
pub struct TrendArgs {
    /// The quarter.
    #[arg(long, help = "Het kwartaal, bijv. 2025-K3")]
    pub kwartaal: String,
    /// Output.
    #[command(flatten)]
    pub uitvoer: Uitvoer,
}

/// `dgr rapport omvang`.
#[derive(Debug, Args)]
pub struct OmvangArgs {
    /// The last quarter of the series.
    #[arg(long, help = "Het laatste kwartaal van de reeks, bijv. 2025-K3")]
    pub tot: String,
    /// The first quarter of the series (default: the banenafspraak's first, 2013-K1).
    #[arg(
        long,
        help = "Het eerste kwartaal van de reeks (standaard 2013-K1, het eerste jaar van de banenafspraak)"
    )]
    pub van: Option<String>,
    /// Output.
    #[command(flatten)]
    pub uitvoer: Uitvoer,
}

/// `dgr rapport quotum`.
#[derive(Debug, Args)]
pub struct QuotumArgs {
    /// The year.
    #[arg(long, help = "Het jaar")]
    pub jaar: i32,
    /// One fiscaal nummer.
    #[arg(long, help = "Alleen dit fiscaal nummer (9 cijfers)")]
    pub fiscaal_nummer: Option<String>,
    /// Output.
    #[command(flatten)]
    pub uitvoer: Uitvoer,
}

/// `dgr voordelen`.
#[derive(Debug, Args)]
pub struct VoordelenArgs {
    /// The worker's BSN.
    #[arg(help = "Het BSN van de werknemer")]
    pub bsn: String,
    /// First day of the employment.
    #[arg(long, help = "Eerste dag van het dienstverband (JJJJ-MM-DD)")]
    pub ingangsdatum_dienstverband: String,
    /// The employer's lhn.
    #[arg(
        long,
        help = "Loonheffingennummer van de werkgever (om eerder dienstverband in de 6 maanden ervoor te toetsen, R-36)"
    )]
    pub loonheffingennummer: Option<String>,
    /// JSON output.
    #[arg(long, help = "Uitvoer als JSON")]
    pub json: bool,
    /// Data folder.
    #[arg(
        long,
        help = "Map met het logboekgeheim (standaard de map van de database)"
    )]
    pub data_map: Option<PathBuf>,
}
