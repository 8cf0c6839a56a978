//! Typed attributes on cases and documents (Kommun, Kommunstorlek, Omgång, Yrke …).

use super::{Change, Project, Tx, UndoMode};
use crate::error::{Error, Result};
use crate::ids::{AttributeId, CaseId, CoderId, DocumentId};
use crate::model::{Attribute, AttributeScope, AttributeType};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

/// An attribute value to set, naming the attribute (created if new).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AttributeValue {
    /// Attribute name.
    pub name: String,
    /// The value, as text.
    pub value: String,
    /// Type for the attribute if it has to be created.
    pub value_type: AttributeType,
}

impl AttributeValue {
    /// A value of a category attribute.
    pub fn category(name: &str, value: &str) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            value_type: AttributeType::Category,
        }
    }
}

/// Checks and normalises a value for its attribute type.
pub(crate) fn normalise(name: &str, value_type: AttributeType, value: &str) -> Result<String> {
    let v = value.trim();
    match value_type {
        AttributeType::Text | AttributeType::Category => Ok(v.to_owned()),
        AttributeType::Number => {
            let n: f64 = v
                .replace(',', ".")
                .parse()
                .map_err(|_| Error::BadAttributeValue {
                    attribute: name.to_owned(),
                    value: value.to_owned(),
                    expected: "number",
                })?;
            Ok(if n.fract() == 0.0 && n.abs() < 1e15 {
                format!("{}", n as i64)
            } else {
                n.to_string()
            })
        }
        AttributeType::Date => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(|d| d.format("%Y-%m-%d").to_string())
            .map_err(|_| Error::BadAttributeValue {
                attribute: name.to_owned(),
                value: value.to_owned(),
                expected: "date (YYYY-MM-DD)",
            }),
    }
}

/// The attribute with this scope and name, created with `value_type` if new.
pub(super) fn ensure(
    tx: &Tx,
    scope: AttributeScope,
    name: &str,
    value_type: AttributeType,
) -> Result<Attribute> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::NameRequired { what: "attribute" });
    }
    if let Some(a) = find(tx, scope, name)? {
        return Ok(a);
    }
    let id = AttributeId::new();
    let position: i64 = tx.query_row("SELECT count(*) FROM attributes", [], |r| r.get(0))?;
    tx.execute(
        "INSERT INTO attributes(id, name, scope, value_type, sort_key) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, name, scope, value_type, position],
    )?;
    Ok(Attribute {
        id,
        name: name.to_owned(),
        scope,
        value_type,
    })
}

fn find(conn: &Connection, scope: AttributeScope, name: &str) -> Result<Option<Attribute>> {
    Ok(conn
        .prepare_cached("SELECT id, name, scope, value_type FROM attributes WHERE scope = ?1 AND name = ?2 COLLATE NOCASE")?
        .query_row(params![scope, name.trim()], |r| {
            Ok(Attribute { id: r.get(0)?, name: r.get(1)?, scope: r.get(2)?, value_type: r.get(3)? })
        })
        .optional()?)
}

/// Sets a value on a case.
pub(super) fn set_on_case(tx: &Tx, case: CaseId, v: &AttributeValue) -> Result<()> {
    let a = ensure(tx, AttributeScope::Case, &v.name, v.value_type)?;
    let value = normalise(&a.name, a.value_type, &v.value)?;
    tx.prepare_cached("INSERT INTO case_attributes(case_id, attribute_id, value) VALUES (?1, ?2, ?3)
                       ON CONFLICT(case_id, attribute_id) DO UPDATE SET value = excluded.value WHERE value <> excluded.value")?
        .execute(params![case, a.id, value])?;
    Ok(())
}

/// Sets a value on a document.
pub(super) fn set_on_document(tx: &Tx, doc: DocumentId, v: &AttributeValue) -> Result<()> {
    let a = ensure(tx, AttributeScope::Document, &v.name, v.value_type)?;
    let value = normalise(&a.name, a.value_type, &v.value)?;
    tx.prepare_cached("INSERT INTO document_attributes(document_id, attribute_id, value) VALUES (?1, ?2, ?3)
                       ON CONFLICT(document_id, attribute_id) DO UPDATE SET value = excluded.value WHERE value <> excluded.value")?
        .execute(params![doc, a.id, value])?;
    Ok(())
}

impl Project {
    /// All attribute definitions, in creation order.
    pub fn attributes(&self) -> Result<Vec<Attribute>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, scope, value_type FROM attributes ORDER BY sort_key")?;
        let rows = stmt.query_map([], |r| {
            Ok(Attribute {
                id: r.get(0)?,
                name: r.get(1)?,
                scope: r.get(2)?,
                value_type: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A document's attribute values as (name, value), in attribute order.
    pub fn document_attributes(&self, doc: DocumentId) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.name, v.value FROM document_attributes v JOIN attributes a ON a.id = v.attribute_id
             WHERE v.document_id = ?1 ORDER BY a.sort_key",
        )?;
        let rows = stmt.query_map([doc], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sets an attribute value on a document (creating the attribute if new).
    pub fn set_document_attribute(
        &mut self,
        by: CoderId,
        doc: DocumentId,
        value: AttributeValue,
    ) -> Result<()> {
        self.write(by, "set_document_attribute", UndoMode::Undoable, |tx| {
            super::documents::get_name(tx, doc)?;
            set_on_document(tx, doc, &value)?;
            Ok(Change::new(
                (),
                format!("Set {} = {} on a document", value.name, value.value),
                json!({ "document": doc, "attribute": value.name, "value": value.value }),
            ))
        })
    }

    /// Sets an attribute value on a case (creating the attribute if new).
    pub fn set_case_attribute(
        &mut self,
        by: CoderId,
        case: CaseId,
        value: AttributeValue,
    ) -> Result<()> {
        self.write(by, "set_case_attribute", UndoMode::Undoable, |tx| {
            super::cases::get(tx, case)?;
            set_on_case(tx, case, &value)?;
            Ok(Change::new(
                (),
                format!("Set {} = {} on a case", value.name, value.value),
                json!({ "case": case, "attribute": value.name, "value": value.value }),
            ))
        })
    }
}
