//! A form's state when it is shown again: the values as entered and an error per field (shown
//! next to the field, `aria-describedby`), or one for the whole form.

use serde::Serialize;

use super::gemeen::Velden;

/// What a form shows: the values as entered and the errors.
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct Formulier {
    /// Field → value as entered.
    pub waarden: Velden,
    /// Field → error.
    pub fouten: Velden,
    /// An error not tied to one field.
    pub algemeen: Option<String>,
}

impl Formulier {
    /// A form with these values and no errors.
    pub fn met(waarden: &[(&str, &str)]) -> Formulier {
        Formulier {
            waarden: waarden
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
            ..Formulier::default()
        }
    }

    /// Records an error on `veld` (the first one stays).
    pub fn fout(&mut self, veld: &str, tekst: impl Into<String>) {
        self.fouten
            .entry(veld.to_string())
            .or_insert_with(|| tekst.into());
    }

    /// Whether any error was recorded.
    pub fn heeft_fouten(&self) -> bool {
        !self.fouten.is_empty() || self.algemeen.is_some()
    }

    /// A value as entered (trimmed; empty when absent).
    pub fn waarde(&self, veld: &str) -> &str {
        self.waarden.get(veld).map_or("", |v| v.trim())
    }

    /// Parses a required date field; records the error.
    pub fn datum(&mut self, veld: &str, wat: &str) -> Option<chrono::NaiveDate> {
        let t = self.waarde(veld).to_string();
        if t.is_empty() {
            self.fout(veld, format!("{wat} is verplicht"));
            return None;
        }
        match dgr_core::datum::parse_datum(&t) {
            Ok(d) => Some(d),
            Err(_) => {
                self.fout(veld, format!("{wat} is geen datum (jjjj-mm-dd)"));
                None
            }
        }
    }

    /// Parses a number field (comma or point as decimal separator); `None` when empty, the
    /// error recorded when it is not a number.
    pub fn getal(&mut self, veld: &str, wat: &str) -> Option<f64> {
        let t = self.waarde(veld).replace(',', ".");
        if t.is_empty() {
            return None;
        }
        match t.parse::<f64>() {
            Ok(x) if x.is_finite() => Some(x),
            _ => {
                self.fout(veld, format!("{wat} is geen getal"));
                None
            }
        }
    }

    /// Places a message of the register's validation next to the field it is about (by the
    /// words it uses), else on the whole form.
    pub fn register_fout(&mut self, tekst: &str, velden: &[(&str, &str)]) {
        let klein = tekst.to_lowercase();
        match velden.iter().find(|(woord, _)| klein.contains(woord)) {
            Some((_, veld)) => self.fout(veld, tekst),
            None => self.algemeen = Some(tekst.to_string()),
        }
    }
}
