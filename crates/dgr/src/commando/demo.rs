//! `dgr demo`: generate a synthetic Netherlands and import it through the normal path.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::DemoArgs;

/// Placeholder until the generator lands in this module.
pub fn demo(_db: &Path, _a: &DemoArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("dgr demo is nog niet beschikbaar")
}
