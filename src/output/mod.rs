//! Exporters: turn [`RunResults`](crate::engine::RunResults) into files in a
//! new output folder, written under a temporary name and renamed when complete.

pub mod csv_files;
pub mod folder;
pub mod manifest;
pub mod table;
