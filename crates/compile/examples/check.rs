//! Compiles every `.js` / `.ts` file (declaration files `.d.ts` are never loaded, so skipped) under a directory and lists those swc rejects:
//! `cargo run -p wxbox-compile --example check -- ~/corpus/tdesign-retail`.

use std::path::Path;

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name();
        if p.is_dir() {
            if name != "node_modules" && name != ".git" {
                walk(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "js" || x == "ts")
            && !name.to_string_lossy().ends_with(".d.ts")
        {
            out.push(p);
        }
    }
}

fn main() {
    let mut files = Vec::new();
    let print = std::env::var_os("PRINT").is_some();
    for arg in std::env::args().skip(1) {
        walk(Path::new(&arg), &mut files);
    }
    let (mut ok, mut bad) = (0, 0);
    let start = std::time::Instant::now();
    for f in &files {
        let Ok(src) = std::fs::read_to_string(f) else {
            continue;
        };
        let ts =
            f.extension().is_some_and(|x| x == "ts") && !f.to_string_lossy().ends_with(".d.ts");
        let opts = wxbox_compile::Options {
            typescript: ts,
            module: true,
        };
        match wxbox_compile::compile(&f.to_string_lossy(), &src, opts) {
            Ok(out) => {
                ok += 1;
                if print {
                    println!("// {}\n{}", f.display(), out.code);
                }
            }
            Err(e) => {
                bad += 1;
                println!("{e}");
            }
        }
    }
    println!("{ok} compiled, {bad} rejected, {:?}", start.elapsed());
}
