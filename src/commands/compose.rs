//! `ensemble compose <bundle.yaml>`: compose a bundle and print it.
//!
//! Also home of the pipeline every bundle command shares (compose, why,
//! graph, spec): load the catalog and the request, run the offering rules so
//! denied offerings are never candidates, solve, then let the rules judge the
//! composed bundle.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use ensemble_model::{load_request, BundleRequest, Catalog};
use ensemble_rules::{extra_rule_paths, OfferingVerdicts, RuleSet};
use ensemble_solver::{
    report, solve, Bundle, Explanation, Solution, SolveError, SolveOptions, Status,
};
use serde::Serialize;

use super::rules::load_rules;
use super::Context;
use crate::cli::{BundleFormat, ComposeArgs};
use crate::error::CliError;
use crate::output;

/// `compose --format json|yaml`: the SPEC's bundle, plus the explanation as
/// a tree when it failed.
#[derive(Debug, Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    bundle: &'a Bundle,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation_tree: Option<&'a Explanation>,
}

/// A request problem the loader did not catch, located at the request file.
pub fn request_error(path: &Path, source: SolveError) -> CliError {
    CliError::Request {
        path: path.to_path_buf(),
        source,
    }
}

/// A request read against a valid catalog, with the rules that apply to it
/// (the rules directory's and the request's own `rules:`) and their verdicts
/// on every offering.
#[derive(Debug)]
pub struct Judged {
    pub catalog: Catalog,
    pub request: BundleRequest,
    pub rules: RuleSet,
    pub verdicts: OfferingVerdicts,
    pub options: SolveOptions,
}

impl Judged {
    /// Loads everything a bundle command needs for the request at `path`.
    pub fn load(ctx: &Context, path: &Path) -> Result<Judged, CliError> {
        let catalog = ctx.catalog()?;
        let request = load_request(path, &catalog)?;
        let rules = load_rules(&ctx.rules_dir, &extra_rule_paths(path, &request))?;
        let verdicts = rules.evaluate_offerings(&catalog, ctx.as_of)?;
        let mut options = SolveOptions::new(ctx.as_of);
        options.denied = verdicts.denied();
        Ok(Judged {
            catalog,
            request,
            rules,
            verdicts,
            options,
        })
    }

    /// Solves the request and lets the rules judge the bundle: member
    /// warnings and bundle-rule findings join `findings`, and a bundle `deny`
    /// turns the status to denied.
    pub fn compose(&self, path: &Path) -> Result<Solution, CliError> {
        let mut solution = solve(&self.catalog, &self.request, &self.options)
            .map_err(|e| request_error(path, e))?;
        self.rules.judge_bundle(
            &mut solution.bundle,
            &self.verdicts,
            &self.catalog,
            &self.request,
        )?;
        Ok(solution)
    }

    /// Remediation advice of every rule that has some, by rule id.
    pub fn remediations(&self) -> BTreeMap<String, String> {
        self.rules
            .rules()
            .iter()
            .filter_map(|r| Some((r.id.clone(), r.remediation.clone()?)))
            .collect()
    }
}

pub fn run(ctx: &Context, args: &ComposeArgs) -> Result<ExitCode, CliError> {
    let judged = Judged::load(ctx, &args.bundle)?;
    let solution = judged.compose(&args.bundle)?;
    let shown = Shown {
        bundle: &solution.bundle,
        explanation_tree: solution.explanation.as_ref(),
    };
    let text = match args.format {
        BundleFormat::Text => report::bundle_text(&solution.bundle),
        BundleFormat::Json => output::json(&shown)?,
        BundleFormat::Yaml => {
            serde_yaml::to_string(&shown).map_err(|e| CliError::Encode(e.to_string()))?
        }
    };
    output::emit(args.out.as_deref(), &text)?;
    Ok(match solution.bundle.status {
        Status::Composed => ExitCode::SUCCESS,
        Status::Denied | Status::Failed => ExitCode::from(1),
    })
}
