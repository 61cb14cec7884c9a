//! A terminal set up so that it cannot work as a hall wants says so on its
//! own screen at start — standard error is lost under `foot -e`.

mod common;

use common::Kiosk;

#[test]
fn a_kiosk_without_a_pin_and_with_a_ratings_folder_on_no_disk_says_so_at_start() {
    let tmp = tempfile::tempdir().unwrap();
    let catalog = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    let config = tmp.path().join("kiosk.ron");
    std::fs::write(
        &config,
        format!(
            "(catalog: {:?}, ratings_dir: \"/no-such-usb-stick/ratings\")",
            catalog.display().to_string()
        ),
    )
    .unwrap();
    let mut k = Kiosk::start(&config, 100, 30);
    k.wait_for("本机设置有问题");
    k.wait_for("ratings_dir \"/no-such-usb-stick/ratings\" does not exist");
    k.wait_for("operator_pin_hash is not set");
    k.tap("继续");
    k.wait_for("请选择城市或指南");
    assert!(k.alive());
}
