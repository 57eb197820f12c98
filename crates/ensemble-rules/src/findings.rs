//! What a rule returns, turned into [`Finding`]s: `()` for nothing, a
//! string, a map `#{ message, severity?, offering? }`, or an array of those.

use ensemble_model::{Finding, Id, Severity};
use rhai::{Dynamic, Map};

/// A severity by name.
pub(crate) fn parse_severity(s: &str) -> Option<Severity> {
    match s {
        "deny" => Some(Severity::Deny),
        "warn" => Some(Severity::Warn),
        "info" => Some(Severity::Info),
        _ => None,
    }
}

/// A value described for an error message: "an integer", "a map without
/// `message`", …
pub(crate) fn describe_value(v: &Dynamic) -> String {
    if v.is_unit() {
        "`()`".into()
    } else if v.is_int() {
        format!("an integer (`{v}`)")
    } else if v.is_float() {
        format!("a number (`{v}`)")
    } else if v.is_bool() {
        format!("a boolean (`{v}`)")
    } else if v.is_string() {
        "a string".into()
    } else if v.is_array() {
        "an array".into()
    } else if v.is_map() {
        "a map".into()
    } else {
        format!("a value of type `{}`", v.type_name())
    }
}

/// Turns a rule's return value into findings of `rule` (with its default
/// `severity`), about `offering` unless a finding names another. The error
/// describes what was found instead of a finding.
pub(crate) fn collect(
    value: Dynamic,
    rule: &str,
    severity: Severity,
    offering: Option<&Id>,
    out: &mut Vec<Finding>,
) -> Result<(), String> {
    if value.is_unit() {
        return Ok(());
    }
    if value.is_array() {
        let items = value.into_array().map_err(|t| t.to_string())?;
        for (i, item) in items.into_iter().enumerate() {
            if item.is_array() || item.is_unit() {
                return Err(format!(
                    "an array whose element {i} is {}",
                    describe_value(&item)
                ));
            }
            one(item, rule, severity, offering, out)
                .map_err(|found| format!("an array whose element {i} is {found}"))?;
        }
        return Ok(());
    }
    one(value, rule, severity, offering, out)
}

fn one(
    value: Dynamic,
    rule: &str,
    severity: Severity,
    offering: Option<&Id>,
    out: &mut Vec<Finding>,
) -> Result<(), String> {
    if value.is_string() {
        out.push(Finding {
            rule: rule.to_owned(),
            severity,
            message: value.into_string().unwrap_or_default(),
            offering: offering.cloned(),
        });
        return Ok(());
    }
    let Some(map) = value.clone().try_cast::<Map>() else {
        return Err(describe_value(&value));
    };
    let mut finding = Finding {
        rule: rule.to_owned(),
        severity,
        message: String::new(),
        offering: offering.cloned(),
    };
    let mut has_message = false;
    for (key, v) in map {
        match key.as_str() {
            "message" => {
                finding.message = v
                    .into_string()
                    .map_err(|t| format!("a map whose `message` is a {t}, not a string"))?;
                has_message = true;
            }
            "severity" => {
                let s = v
                    .into_string()
                    .map_err(|t| format!("a map whose `severity` is a {t}, not a string"))?;
                finding.severity = parse_severity(&s).ok_or_else(|| {
                    format!("a map with unknown severity `{s}` (expected `deny`, `warn` or `info`)")
                })?;
            }
            "offering" if v.is_unit() => finding.offering = None,
            "offering" => {
                let s = v
                    .into_string()
                    .map_err(|t| format!("a map whose `offering` is a {t}, not an id"))?;
                finding.offering = Some(
                    Id::new(&s)
                        .map_err(|_| format!("a map whose `offering` `{s}` is not an id"))?,
                );
            }
            other => {
                return Err(format!(
                    "a map with unknown key `{other}` (expected `message`, `severity`, `offering`)"
                ))
            }
        }
    }
    if !has_message {
        return Err("a map without `message`".into());
    }
    out.push(finding);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(v: Dynamic) -> Result<Vec<Finding>, String> {
        let mut out = Vec::new();
        let id = Id::new("x").unwrap();
        collect(v, "r", Severity::Warn, Some(&id), &mut out).map(|()| out)
    }

    #[test]
    fn accepts_the_four_shapes() {
        assert!(run(Dynamic::UNIT).unwrap().is_empty());
        let f = run(Dynamic::from("bad".to_owned())).unwrap();
        assert_eq!(f[0].message, "bad");
        assert_eq!(f[0].severity, Severity::Warn);
        assert_eq!(f[0].offering.as_ref().unwrap().as_str(), "x");
        let mut m = Map::new();
        m.insert("message".into(), "m".into());
        m.insert("severity".into(), "deny".into());
        m.insert("offering".into(), Dynamic::UNIT);
        let f = run(Dynamic::from_map(m.clone())).unwrap();
        assert_eq!(
            (f[0].severity, f[0].offering.is_none()),
            (Severity::Deny, true)
        );
        let arr = vec![Dynamic::from_map(m), Dynamic::from("s".to_owned())];
        assert_eq!(run(Dynamic::from_array(arr)).unwrap().len(), 2);
    }

    #[test]
    fn rejects_other_values() {
        assert_eq!(run(Dynamic::from_int(3)).unwrap_err(), "an integer (`3`)");
        assert_eq!(
            run(Dynamic::from_map(Map::new())).unwrap_err(),
            "a map without `message`"
        );
        let arr = vec![Dynamic::from("s".to_owned()), Dynamic::from_bool(true)];
        assert_eq!(
            run(Dynamic::from_array(arr)).unwrap_err(),
            "an array whose element 1 is a boolean (`true`)"
        );
    }
}
