//! 医保办事指南自助终端: a full-screen kiosk for medical-insurance service halls.
//!
//! Layers, from the bottom: `catalog` (model, loading, validation) and `config`
//! know nothing of terminals; `ratings` is the satisfaction log, its
//! statistics and export; `text`, `diagram` and `guide` turn them into lines
//! of text; `cli` and `run` are thin shells over them.

pub mod app;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod diagram;
pub mod document;
pub mod layout;
pub mod parallel;
pub mod qr;
pub mod ratings;
pub mod run;
pub mod search;
pub mod speech;
pub mod text;
pub mod ticket;
pub mod ui;
