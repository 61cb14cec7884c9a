//! 医保办事指南自助终端: a full-screen kiosk for medical-insurance service halls.

pub mod catalog;
