//! Reading the CSV tables of sweeps (designs and results), with errors that
//! name the file, the row and the column.

use std::path::Path;

use crate::error::{Error, Result};

/// A numeric table with named columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    /// `rows[r][c]`; an empty cell is `NaN`.
    pub rows: Vec<Vec<f64>>,
}

impl Table {
    /// Read a CSV file with a header row; every cell must be a number or empty.
    pub fn read(path: &Path, what: &'static str) -> Result<Table> {
        let mut reader = csv::Reader::from_path(path).map_err(|e| match e.into_kind() {
            csv::ErrorKind::Io(source) => Error::Read {
                path: path.to_path_buf(),
                what,
                hint: None,
                source,
            },
            other => Error::invalid(
                path,
                "header",
                format!("{other:?}"),
                "not a CSV file",
                "a CSV file with a header row",
            ),
        })?;
        let columns: Vec<String> = reader
            .headers()
            .map_err(|e| Error::invalid(path, "header", e.to_string(), "unreadable header", "a header row"))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        if columns.is_empty() || columns.iter().any(String::is_empty) {
            return Err(Error::invalid(
                path,
                "header",
                columns.join(","),
                "a column without a name",
                "a name for every column",
            ));
        }
        let mut rows = Vec::new();
        for (r, record) in reader.records().enumerate() {
            let record = record.map_err(|e| {
                Error::invalid(
                    path,
                    format!("row {}", r + 2),
                    e.to_string(),
                    "unreadable row",
                    "rows as long as the header",
                )
            })?;
            let mut row = Vec::with_capacity(columns.len());
            for (c, cell) in record.iter().enumerate() {
                let cell = cell.trim();
                let v = if cell.is_empty() {
                    f64::NAN
                } else {
                    cell.parse::<f64>().map_err(|_| {
                        Error::invalid(
                            path,
                            format!("row {}, column `{}`", r + 2, columns[c]),
                            format!("\"{cell}\""),
                            "not a number",
                            "a number (with . as decimal point) or an empty cell",
                        )
                    })?
                };
                row.push(v);
            }
            rows.push(row);
        }
        if rows.is_empty() {
            return Err(Error::invalid(
                path,
                "rows",
                "none",
                "no data rows",
                "at least one row under the header",
            ));
        }
        Ok(Table { columns, rows })
    }

    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}
