//! `ensemble graph <bundle.yaml>`: the wiring of a composed bundle as
//! Graphviz DOT or Mermaid.

use std::process::ExitCode;

use ensemble_model::Severity;
use ensemble_report::graph::{dot, mermaid, Graph};
use ensemble_solver::{report, Status};

use super::compose::Judged;
use super::Context;
use crate::cli::{GraphArgs, GraphFormat};
use crate::error::CliError;
use crate::output;

pub fn run(ctx: &Context, args: &GraphArgs) -> Result<ExitCode, CliError> {
    let solution = Judged::load(ctx, &args.bundle)?.compose(&args.bundle)?;
    let bundle = &solution.bundle;
    match bundle.status {
        Status::Composed => {}
        // Nothing to draw: say why, as `compose` does.
        Status::Failed => {
            eprint!("{}", report::bundle_text(bundle));
            return Ok(ExitCode::from(1));
        }
        Status::Denied => {
            eprintln!("error: bundle `{}` was denied by a rule", bundle.bundle);
            for f in bundle
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Deny)
            {
                eprintln!("  rule `{}`: {}", f.rule, f.message);
            }
            return Ok(ExitCode::from(1));
        }
    }
    let graph = Graph::from_bundle(bundle);
    let text = match args.format {
        GraphFormat::Dot => dot(&graph),
        GraphFormat::Mermaid => mermaid(&graph),
    };
    output::emit(None, &text)?;
    Ok(ExitCode::SUCCESS)
}
