//! The page catalogue: every page of the site with the [`Handeling`] it needs. The start page's
//! tiles and the menu show a page iff the policy ([`beleid::mag`]) permits its handeling to the
//! caller, and the page's handler gates with the same declaration
//! ([`super::toegang::sessie_voor_pagina`]), so a tile can never lead to a refusal and a role
//! the policy serves always has its pages.

use crate::beleid::{self, Handeling};
use crate::identiteit::Gebruiker;

/// One page of the catalogue.
pub(super) struct Pagina {
    /// Its address.
    pub href: &'static str,
    /// Its title on the tile and in the menu.
    pub titel: &'static str,
    /// One sentence under the tile.
    pub uitleg: &'static str,
    /// The sentence for a werkgever, when the page means something else to an employer.
    pub uitleg_werkgever: Option<&'static str>,
    /// What the caller must be permitted to do to open it; `None` when the page is not for this
    /// caller at all (e.g. "Mijn quotum" for a login without a loonheffingennummer).
    pub handeling: fn(&Gebruiker) -> Option<Handeling>,
}

impl Pagina {
    /// The sentence under the tile for `g`.
    pub fn uitleg_voor(&self, g: &Gebruiker) -> &'static str {
        match (g.rol, self.uitleg_werkgever) {
            (crate::identiteit::Rol::Werkgever, Some(t)) => t,
            _ => self.uitleg,
        }
    }

    /// Whether the policy permits `g` to open this page (nothing is logged).
    pub fn zichtbaar_voor(&self, g: &Gebruiker) -> bool {
        (self.handeling)(g).is_some_and(|h| beleid::mag(g, &h))
    }
}

/// `/werkgever/check`.
pub(super) const CONTROLE: Pagina = Pagina {
    href: "/werkgever/check",
    titel: "Controle doelgroepregister",
    uitleg: "Staat een (toekomstige) werknemer in het register? Ja of nee.",
    uitleg_werkgever: None,
    handeling: |_| Some(Handeling::Controleren),
};

/// `/werkgever/werknemers`.
pub(super) const WERKNEMERS: Pagina = Pagina {
    href: "/werkgever/werknemers",
    titel: "Mijn werknemers in het register",
    uitleg: "Uw werknemers uit de polisadministratie die in het register staan (CSV, Excel).",
    uitleg_werkgever: None,
    handeling: |g| Some(Handeling::Werknemersoverzicht(g.fiscale_nummers())),
};

/// `/werkgever/voordelen`.
pub(super) const VOORDELEN: Pagina = Pagina {
    href: "/werkgever/voordelen",
    titel: "LKV en no-riskpolis",
    uitleg: "Heeft een werknemer recht op het loonkostenvoordeel of de no-riskpolis?",
    uitleg_werkgever: None,
    handeling: |_| Some(Handeling::Voordelen),
};

/// `/werkgever/quotum`: the caller's own quota.
pub(super) const MIJN_QUOTUM: Pagina = Pagina {
    href: "/werkgever/quotum",
    titel: "Mijn quotum",
    uitleg: "Uw banen voor de doelgroep tegenover het quotum, per jaar.",
    uitleg_werkgever: None,
    handeling: |g| {
        g.fiscale_nummers()
            .first()
            .map(|f| Handeling::Quotum(Some(*f)))
    },
};

/// `/werkgever/kandidaten`.
pub(super) const KANDIDATEN: Pagina = Pagina {
    href: "/werkgever/kandidaten",
    titel: "Kandidatenverkenner",
    uitleg: "Anonieme profielen van werkzoekenden uit de doelgroep; vraag contact aan.",
    uitleg_werkgever: None,
    handeling: |_| Some(Handeling::KandidatenZoeken),
};

/// `/werkgever/monitor`.
pub(super) const WERKGEVERSMONITOR: Pagina = Pagina {
    href: "/werkgever/monitor",
    titel: "Werkgeversmonitor",
    uitleg: "Uw inclusiedoelen per eenheid, gemeten met de cijfers uit het register, en de verantwoording per kwartaal.",
    uitleg_werkgever: None,
    handeling: |g| {
        g.fiscale_nummers()
            .first()
            .map(|f| Handeling::Werkgeversmonitor(*f))
    },
};

/// `/wsp`.
pub(super) const CONTACTVERZOEKEN: Pagina = Pagina {
    href: "/wsp",
    titel: "Contactverzoeken",
    uitleg: "Verzoeken van werkgevers voor kandidaten uit uw arbeidsmarktregio.",
    uitleg_werkgever: None,
    handeling: |_| Some(Handeling::ContactverzoekenBehandelen),
};

/// `/mijn`.
pub(super) const MIJN: Pagina = Pagina {
    href: "/mijn",
    titel: "Mijn doelgroepregistratie",
    uitleg: "Uw registraties, wie uw gegevens bekeek, vindbaar zijn voor werkgevers en uitschrijving aanvragen.",
    uitleg_werkgever: None,
    handeling: |_| Some(Handeling::EigenGegevens),
};

/// `/inkijk`.
pub(super) const INKIJK: Pagina = Pagina {
    href: "/inkijk",
    titel: "Inkijk",
    uitleg: "Een persoon opzoeken: registraties en historie.",
    uitleg_werkgever: None,
    handeling: |_| Some(Handeling::Inkijken),
};

/// `/gemeente/praktijkroute`: only for a gemeente login with its gemeentecode.
pub(super) const PRAKTIJKROUTE: Pagina = Pagina {
    href: "/gemeente/praktijkroute",
    titel: "Praktijkroute",
    uitleg: "Een loonwaardebepaling van een inwoner vastleggen: de registratie volgt zonder beoordeling door UWV.",
    uitleg_werkgever: None,
    handeling: |g| {
        g.gemeentecode.map(|c| Handeling::PraktijkrouteVastleggen {
            woongemeente: Some(c),
        })
    },
};

/// `/gemeente/aanvragen`: a beoordeling arbeidsvermogen on a resident's behalf.
pub(super) const AANVRAAG_GEMEENTE: Pagina = Pagina {
    href: "/gemeente/aanvragen",
    titel: "Beoordeling aanvragen",
    uitleg: "Namens een inwoner een beoordeling arbeidsvermogen bij UWV aanvragen.",
    uitleg_werkgever: None,
    handeling: |g| {
        g.gemeentecode.map(|c| Handeling::AanvraagIndienen {
            eigen: false,
            woongemeente: Some(c),
        })
    },
};

/// `/inkijk/aanvragen`: UWV's work queue of requests to enter the register.
pub(super) const AANVRAGEN: Pagina = Pagina {
    href: "/inkijk/aanvragen",
    titel: "Aanvragen",
    uitleg: "Aanvragen van een beoordeling arbeidsvermogen en van schoolverlaters VSO/PrO beslissen, binnen 8 weken.",
    uitleg_werkgever: None,
    handeling: |_| Some(Handeling::AanvragenBehandelen),
};

/// `/inkijk/uitschrijvingen`.
pub(super) const UITSCHRIJVINGEN: Pagina = Pagina {
    href: "/inkijk/uitschrijvingen",
    titel: "Verzoeken om uitschrijving",
    uitleg: "Werkvoorraad: bezwaartermijn werkgevers en de beslistermijn van 8 weken; afgehandelde verzoeken.",
    uitleg_werkgever: None,
    handeling: |_| Some(Handeling::UitschrijvingenBehandelen),
};

/// `/inkijk/bezwaren`.
pub(super) const BEZWAREN: Pagina = Pagina {
    href: "/inkijk/bezwaren",
    titel: "Bezwaren",
    uitleg: "Bezwaren tegen een beoordeling arbeidsvermogen vastleggen en beslissen; afgehandelde bezwaren.",
    uitleg_werkgever: None,
    handeling: |_| Some(Handeling::BezwarenBehandelen),
};

/// `/dashboard`.
pub(super) const BANENMONITOR: Pagina = Pagina {
    href: "/dashboard",
    titel: "Banenmonitor",
    uitleg: "Extra banen tegenover de doelen, per jaar en sector.",
    uitleg_werkgever: None,
    handeling: |_| Some(Handeling::Banenmonitor),
};

/// `/dashboard/trend`.
pub(super) const TREND: Pagina = Pagina {
    href: "/dashboard/trend",
    titel: "Regionale trend",
    uitleg: "Personen, banen en in- en uitstroom per arbeidsmarktregio in een kwartaal.",
    uitleg_werkgever: None,
    handeling: |_| Some(Handeling::Trend),
};

/// `/quotum`: every employer's quota.
pub(super) const QUOTA: Pagina = Pagina {
    href: "/quotum",
    titel: "Quotum van werkgevers",
    uitleg: "Per jaar het quotum van alle werkgevers: zoeken op fiscaal nummer, downloaden als Excel.",
    uitleg_werkgever: None,
    handeling: |_| Some(Handeling::Quotum(None)),
};

/// `/leveringen`.
pub(super) const LEVERINGEN: Pagina = Pagina {
    href: "/leveringen",
    titel: "Leveringen",
    uitleg: "Leveringen aanbieden, hun verslag en afwijzingen, en de actualiteit per bron.",
    uitleg_werkgever: Some(
        "De eenheden en het personeel van uw organisatie aanleveren voor de werkgeversmonitor, met het verslag van elke levering.",
    ),
    handeling: |g| {
        if g.rol == crate::identiteit::Rol::Werkgever {
            // an employer's deliveries are its werkgeversmonitor's units and roster
            g.fiscale_nummers()
                .first()
                .map(|f| Handeling::Werkgeversmonitor(*f))
        } else {
            Some(Handeling::LeveringenInzien)
        }
    },
};

/// Every page, in the order the start page shows them.
pub(super) const PAGINAS: &[&Pagina] = &[
    &CONTROLE,
    &WERKNEMERS,
    &VOORDELEN,
    &MIJN_QUOTUM,
    &KANDIDATEN,
    &WERKGEVERSMONITOR,
    &CONTACTVERZOEKEN,
    &MIJN,
    &INKIJK,
    &PRAKTIJKROUTE,
    &AANVRAAG_GEMEENTE,
    &AANVRAGEN,
    &UITSCHRIJVINGEN,
    &BEZWAREN,
    &BANENMONITOR,
    &TREND,
    &QUOTA,
    &LEVERINGEN,
];

/// The pages `g` may open, in catalogue order.
pub(super) fn voor(g: &Gebruiker) -> impl Iterator<Item = &'static Pagina> + '_ {
    PAGINAS.iter().copied().filter(|p| p.zichtbaar_voor(g))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identiteit::Rol;

    /// A caller of `rol` with the claims the development login gives that role.
    fn gebruiker(rol: Rol) -> Gebruiker {
        let lhn = dgr_core::Loonheffingennummer::parse("999990019L01").ok();
        Gebruiker {
            sub: "test".into(),
            rol,
            bsn: None,
            fiscaal_nummer: None,
            loonheffingennummers: lhn.filter(|_| rol == Rol::Werkgever).into_iter().collect(),
            gemeentecode: None,
            bron: None,
            organisatie: None,
            arbeidsmarktregio: (rol == Rol::Wsp).then(|| "AM01".to_string()),
            eenheden: Vec::new(),
            verloopt: 0,
            spoor: None,
        }
    }

    /// The tiles per role as the policy (API.md's table) gives them: belastingdienst and
    /// analist see every employer's quota, gemeente the regional trend.
    #[test]
    fn tegels_per_rol_volgen_het_beleid() {
        let tegels = |rol| voor(&gebruiker(rol)).map(|p| p.href).collect::<Vec<_>>();
        assert_eq!(tegels(Rol::Belastingdienst), vec!["/quotum"]);
        assert_eq!(tegels(Rol::Gemeente), vec!["/inkijk", "/dashboard/trend"]);
        assert_eq!(
            tegels(Rol::Analist),
            vec!["/dashboard", "/dashboard/trend", "/quotum"]
        );
        assert_eq!(tegels(Rol::Burger), vec!["/mijn"]);
        assert_eq!(
            tegels(Rol::Werkgever),
            vec![
                "/werkgever/check",
                "/werkgever/werknemers",
                "/werkgever/voordelen",
                "/werkgever/quotum",
                "/werkgever/kandidaten",
                "/werkgever/monitor",
                "/leveringen"
            ]
        );
        assert_eq!(tegels(Rol::Wsp), vec!["/wsp"]);
        assert_eq!(
            tegels(Rol::Uwv),
            vec![
                "/inkijk",
                "/inkijk/aanvragen",
                "/inkijk/uitschrijvingen",
                "/inkijk/bezwaren",
                "/dashboard",
                "/dashboard/trend",
                "/leveringen"
            ]
        );
        // a gemeente login with its gemeentecode also records the praktijkroute (issue #14)
        let mut gemeente = gebruiker(Rol::Gemeente);
        gemeente.gemeentecode = dgr_core::Gemeentecode::parse("0363").ok();
        assert_eq!(
            voor(&gemeente).map(|p| p.href).collect::<Vec<_>>(),
            vec![
                "/inkijk",
                "/gemeente/praktijkroute",
                "/gemeente/aanvragen",
                "/dashboard/trend"
            ]
        );
        for rol in Rol::ALLE {
            assert!(
                !tegels(rol).is_empty(),
                "{} heeft niets te doen",
                rol.naam()
            );
        }
    }
}
