//! The command-line interface (names and behaviour fixed by issue #2; other tools drive them).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// doelgroepregister — het register van de doelgroep banenafspraak (Wet banenafspraak en quotum
/// arbeidsbeperkten): leveringen inlezen, opvragen, kwaliteit bewaken.
#[derive(Debug, Parser)]
#[command(name = "dgr", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Database file (SQLite); created and migrated on first use.
    #[arg(long, global = true, env = "DGR_DATABASE", default_value = "./dgr.db")]
    pub db: PathBuf,

    /// Show progress messages on stderr.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// What to do.
    #[command(subcommand)]
    pub commando: Commando,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Commando {
    /// Read a delivery file (CSV or XLSX) and apply it whole or not at all.
    Import(ImportArgs),
    /// Is this BSN in the doelgroepregister on a peildatum? Prints `ja` or `nee`.
    Check(CheckArgs),
    /// Staff view of one person: data and every registration version (both time axes).
    Persoon(PersoonArgs),
    /// The deliveries applied or rejected, with counts.
    Leveringen(JsonArg),
    /// Data-quality report: incomplete birth dates, registrations without person data,
    /// provisional AOW dates, late or missing sources.
    Kwaliteit(JsonArg),
    /// Show the reference-data version in use, or load a newer set from a folder.
    Referentie(ReferentieArgs),
    /// Generate a synthetic Netherlands (all deliveries) and import it through the normal path.
    Demo(DemoArgs),
    /// Reports: banenmonitor, regional trend, quota (R-30..R-34).
    #[command(subcommand)]
    Rapport(Rapport),
    /// No-riskpolis and LKV for a worker and employment, without the grondslag.
    Voordelen(VoordelenArgs),
}

/// `dgr rapport …`.
#[derive(Debug, Subcommand)]
pub enum Rapport {
    /// Landelijke banenmonitor of a year (December): jobs, working persons, extra jobs per sector.
    Banenmonitor(BanenmonitorArgs),
    /// Regionale trendrapportage of a quarter, with disclosure control.
    Trend(TrendArgs),
    /// Quota per fiscaal nummer: hours, percentage, shortfall and levy.
    Quotum(QuotumArgs),
}

/// Output options shared by the reports.
#[derive(Debug, Args)]
pub struct Uitvoer {
    /// As the register knew it at this moment (RFC 3339 or JJJJ-MM-DD); default now.
    #[arg(long)]
    pub bekend_op: Option<String>,
    /// tekst, json, csv or xlsx.
    #[arg(long, default_value = "tekst")]
    pub formaat: String,
    /// Write to this file instead of stdout (required for xlsx).
    #[arg(long)]
    pub uit: Option<PathBuf>,
}

/// `dgr rapport banenmonitor`.
#[derive(Debug, Args)]
pub struct BanenmonitorArgs {
    /// The measured year (December of it).
    #[arg(long)]
    pub jaar: i32,
    /// Output.
    #[command(flatten)]
    pub uitvoer: Uitvoer,
}

/// `dgr rapport trend`.
#[derive(Debug, Args)]
pub struct TrendArgs {
    /// The quarter, e.g. 2025-K3.
    #[arg(long)]
    pub kwartaal: String,
    /// Output.
    #[command(flatten)]
    pub uitvoer: Uitvoer,
}

/// `dgr rapport quotum`.
#[derive(Debug, Args)]
pub struct QuotumArgs {
    /// The year.
    #[arg(long)]
    pub jaar: i32,
    /// Only this fiscaal nummer (9 digits).
    #[arg(long)]
    pub fiscaal_nummer: Option<String>,
    /// Output.
    #[command(flatten)]
    pub uitvoer: Uitvoer,
}

/// `dgr voordelen`.
#[derive(Debug, Args)]
pub struct VoordelenArgs {
    /// The worker's BSN.
    pub bsn: String,
    /// First day of the employment (JJJJ-MM-DD).
    #[arg(long)]
    pub ingangsdatum_dienstverband: String,
    /// The employer's loonheffingennummer (to check employment in the 6 months before, R-36).
    #[arg(long)]
    pub loonheffingennummer: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `dgr import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Kind of delivery: registraties, personen, polis, werkgevers, werkgeversuren, kandidaten.
    #[arg(long)]
    pub soort: String,
    /// Delivering source: UWV, GEMEENTE, INLICHTINGENBUREAU, PANTEIA, CBS, BRP, BELASTINGDIENST.
    #[arg(long)]
    pub bron: String,
    /// The source's delivery reference (leveringskenmerk); (bron, kenmerk) identifies a delivery.
    #[arg(long)]
    pub kenmerk: String,
    /// Gemeentecode of a delivering municipality (required with --bron GEMEENTE).
    #[arg(long)]
    pub gemeente: Option<String>,
    /// strict: any bad row rejects the delivery; accept-valid: apply the valid rows and write
    /// the rejected ones to a rejection file.
    #[arg(long, default_value = "strict")]
    pub modus: String,
    /// Transaction time (RFC 3339 or JJJJ-MM-DD) for backfilling historic deliveries; not earlier
    /// than the last recorded delivery. Default: now.
    #[arg(long)]
    pub geregistreerd_op: Option<String>,
    /// Where to write the rejection file (default: next to FILE as FILE.afgewezen.csv/.xlsx).
    #[arg(long)]
    pub afwijzingen: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// The delivery file.
    pub bestand: PathBuf,
}

/// `dgr check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The BSN (9 digits, or 8 with the leading zero lost).
    pub bsn: String,
    /// The date the question is about (JJJJ-MM-DD); default today (Europe/Amsterdam).
    #[arg(long)]
    pub peildatum: Option<String>,
    /// Answer as the register knew it at this moment (RFC 3339 or JJJJ-MM-DD); default now.
    #[arg(long)]
    pub bekend_op: Option<String>,
    /// Print JSON: {"inDoelgroepregister": true, "peildatum": "2025-06-30"}.
    #[arg(long)]
    pub json: bool,
}

/// `dgr persoon`.
#[derive(Debug, Args)]
pub struct PersoonArgs {
    /// The BSN.
    pub bsn: String,
    /// Show the person as the register knew it at this moment; default now.
    #[arg(long)]
    pub bekend_op: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// A lone `--json` flag.
#[derive(Debug, Args)]
pub struct JsonArg {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `dgr referentie`.
#[derive(Debug, Args)]
pub struct ReferentieArgs {
    /// Folder with a complete reference set (the ten CSV files of reference/) to validate and load.
    #[arg(long)]
    pub map: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `dgr demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Population scale: 1.0 is national size (~290,000 persons in the register at a time,
    /// ~460,000 persons with BRP data over 2012-2026).
    #[arg(long, default_value_t = 1.0)]
    pub schaal: f64,
    /// Random seed; the same seed gives the same deliveries.
    #[arg(long, default_value_t = 2015)]
    pub seed: u64,
    /// Folder to write the delivery files to.
    #[arg(long, default_value = "demo-data")]
    pub map: PathBuf,
    /// Only write the delivery files (and print the plan); import nothing.
    #[arg(long)]
    pub alleen_bestanden: bool,
}
