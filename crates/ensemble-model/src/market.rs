//! The `market` document: a customer segment and its leaders' priorities.

use serde::{Deserialize, Serialize};

use crate::Id;

/// A customer segment.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Market {
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub priorities: Vec<Priority>,
}

impl Market {
    /// The priority with this id.
    pub fn priority(&self, id: &str) -> Option<&Priority> {
        self.priorities.iter().find(|p| p.id == *id)
    }
}

/// A business outcome a market's leaders care about, mapped to capabilities.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Priority {
    pub id: Id,
    #[serde(default)]
    pub description: Option<String>,
    pub capabilities: Vec<Id>,
}
