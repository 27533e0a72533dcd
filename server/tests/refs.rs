//! `$ref`s on the real multi-file specs of the corpus: how many each has, and that every one
//! resolves but the five dangling references the corpus manifest names in DigitalOcean's orphan
//! files.

use std::path::Path;
use std::sync::Arc;

use specls::refs::{self, DiskLoader, Resolution};
use specls::syntax::{Lang, Parsed};

mod support;

#[test]
fn every_ref_of_the_multifile_specs_resolves_but_the_known_dangling_ones() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/multifile");
    let mut report = Vec::new();
    for &spec in support::MULTIFILE_SPECS {
        let root = refs::normalize(&refs::absolute(&corpus.join(spec)));
        let loader = DiskLoader::new(vec![root.clone()], 64 << 20);
        let (mut total, mut cross_file, mut unresolved) = (0, 0, Vec::new());
        for file in support::walk(&root) {
            let Some(lang) = Lang::from_path(&file) else {
                continue;
            };
            let text = std::fs::read_to_string(&file).unwrap();
            let parsed: Arc<Parsed> = Parsed::new(lang, &text);
            for site in refs::ref_sites(&parsed) {
                total += 1;
                cross_file += usize::from(!site.raw.starts_with('#'));
                match refs::resolve_site(&site, &file, &parsed, &loader) {
                    Resolution::Found { .. } | Resolution::Remote { .. } => {}
                    other => unresolved.push(format!(
                        "{}: {} → {other:?}",
                        file.strip_prefix(&root).unwrap().display(),
                        site.raw
                    )),
                }
            }
        }
        report.push(format!(
            "{spec}: {total} refs ({cross_file} to other files), {} unresolved",
            unresolved.len()
        ));
        if spec == "digitalocean" {
            // The manifest: five dangling refs (`apps_tier.yml`, `examples/curl/genai_*.yml`), all
            // in orphan files.
            assert_eq!(unresolved.len(), 5, "{unresolved:#?}");
            assert!(unresolved
                .iter()
                .all(|u| u.contains("apps_tier.yml") || u.contains("examples/curl/genai_")));
        } else {
            assert!(unresolved.is_empty(), "{spec}: {unresolved:#?}");
        }
        assert!(total > 0, "{spec}: no refs found");
    }
    eprintln!("{}", report.join("\n"));
}

/// A symbolic link inside the workspace that points out of it is not followed: the reference is
/// reported as leaving the workspace, and the file behind it is not read.
#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_workspace_is_not_followed() {
    let base = std::env::temp_dir().join(format!("specls-symlink-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let ws = base.join("ws");
    let outside = base.join("outside");
    std::fs::create_dir_all(&ws).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.yaml"), "token: hunter2\n").unwrap();
    std::os::unix::fs::symlink(&outside, ws.join("link")).unwrap();
    let spec = ws.join("openapi.yaml");
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-secret:\n  $ref: ./link/secret.yaml\n";
    std::fs::write(&spec, text).unwrap();
    let root = refs::normalize(&refs::absolute(&ws));
    let loader = DiskLoader::new(vec![root.clone()], 64 << 20);
    let parsed = Parsed::new(Lang::Yaml, text);
    let file = root.join("openapi.yaml");
    let d = refs::diagnostics(&parsed, &file, &loader);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, "ref/outside-workspace");
    let _ = std::fs::remove_dir_all(&base);
}
