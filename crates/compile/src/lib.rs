//! Mini-program scripts compiled as WeChat DevTools compiles them: ES modules become CommonJS
//! with Babel's interop, TypeScript loses its types, and a source map leads every generated
//! position back to the original `file:line:col`.
//!
//! Why swc: DevTools itself offers swc as its script compiler (the "SWC" option beside Babel in
//! the project settings, UNVERIFIED for the exact DevTools version), and swc's `common_js`
//! transform implements the interop Babel established and every npm package built for
//! mini-programs assumes (`exports.__esModule`, `_interop_require_default`,
//! `_interop_require_wildcard`, `_export_star`, getters that keep bindings live). A hand-written
//! rewriter would get these subtly wrong; a real parser also gives real syntax errors.
//!
//! This crate knows nothing about the engine that runs the output, nor about files: it turns one
//! source text into one CommonJS text. Module resolution and caching belong to the caller.

use std::panic::{catch_unwind, AssertUnwindSafe};

use swc_common::source_map::DefaultSourceMapGenConfig;
use swc_common::sync::Lrc;
use swc_common::{FileName, Globals, Mark, SourceMap, Spanned, GLOBALS};
use swc_ecma_ast::{EsVersion, Program};
use swc_ecma_codegen::text_writer::JsWriter;
use swc_ecma_codegen::Emitter;
use swc_ecma_parser::{parse_file_as_program, EsSyntax, Syntax, TsSyntax};
use swc_ecma_transforms_base::fixer::fixer;
use swc_ecma_transforms_base::helpers::{inject_helpers, Helpers, HELPERS};
use swc_ecma_transforms_base::hygiene::hygiene;
use swc_ecma_transforms_base::resolver;
use swc_ecma_transforms_module::common_js::{common_js, FeatureFlag};
use swc_ecma_transforms_module::path::Resolver;

/// Identifies the compiler's output format: part of any cache key, so a new swc (or a change of
/// passes here) never serves stale output. Bump the suffix when the pipeline changes.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "+swc_ecma_transforms_module-58.2"
);

/// What to do with a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Options {
    /// Parse as TypeScript and strip the types (`.ts` files).
    pub typescript: bool,
    /// Turn ES module syntax into CommonJS (`require`, `exports`). A file without any
    /// `import`/`export` is left a script either way.
    pub module: bool,
}

/// A compiled file: CommonJS code and the map back to the original.
#[derive(Debug, Clone)]
pub struct Output {
    /// The generated JavaScript.
    pub code: String,
    /// Generated position -> original position.
    pub map: Map,
}

/// The source does not compile. Positions are 1-based, in the original text; the column counts
/// characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{col}: SyntaxError: {message}")]
pub struct CompileError {
    /// The file name given to [`compile`].
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
    /// swc's description of the problem.
    pub message: String,
}

/// An original position, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line in the original file.
    pub line: u32,
    /// 1-based column in the original file.
    pub col: u32,
}

/// A source map of one compiled file.
#[derive(Debug, Clone)]
pub struct Map(swc_sourcemap::SourceMap);

impl Map {
    /// Where the generated 1-based `line:col` came from: the nearest mapped token at or before
    /// it. `None` for positions before the first token (injected helpers at the very top).
    #[must_use]
    pub fn lookup(&self, line: u32, col: u32) -> Option<Position> {
        let token = self
            .0
            .lookup_token(line.checked_sub(1)?, col.saturating_sub(1))?;
        if !token.has_source() {
            return None;
        }
        let (l, c) = token.get_src();
        Some(Position {
            line: l + 1,
            col: c + 1,
        })
    }

    /// The map as source map v3 JSON (for an on-disk cache).
    #[must_use]
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail; an empty map would only make lookups miss.
        let _ = self.0.to_writer(&mut out);
        out
    }

    /// A map read back from [`Map::to_json`]; `None` when the bytes are not a source map.
    #[must_use]
    pub fn from_json(bytes: &[u8]) -> Option<Self> {
        swc_sourcemap::SourceMap::from_slice(bytes).ok().map(Self)
    }
}

/// Compiles `source`, named `file` in errors and in the map.
///
/// # Errors
/// [`CompileError`] at the first syntax error swc finds (including errors it recovers from, as
/// DevTools refuses those files too), or when swc fails internally.
pub fn compile(file: &str, source: &str, options: Options) -> Result<Output, CompileError> {
    // swc asserts on some internal invariants; a hostile file must yield an error, not a panic.
    catch_unwind(AssertUnwindSafe(|| compile_inner(file, source, options))).unwrap_or_else(|_| {
        Err(CompileError {
            file: file.to_string(),
            line: 1,
            col: 1,
            message: "internal compiler error (swc panicked on this file)".into(),
        })
    })
}

fn compile_inner(file: &str, source: &str, options: Options) -> Result<Output, CompileError> {
    let cm: Lrc<SourceMap> = Lrc::default();
    let fm = cm.new_source_file(
        Lrc::new(FileName::Custom(file.to_string())),
        source.to_string(),
    );
    let syntax = if options.typescript {
        Syntax::Typescript(TsSyntax::default())
    } else {
        Syntax::Es(EsSyntax::default())
    };
    let error_at = |span: swc_common::Span, message: String| {
        let loc = cm.lookup_char_pos(span.lo);
        CompileError {
            file: file.to_string(),
            line: u32::try_from(loc.line).unwrap_or(u32::MAX),
            col: u32::try_from(loc.col.0 + 1).unwrap_or(u32::MAX),
            message,
        }
    };
    let mut recovered = Vec::new();
    let program = parse_file_as_program(&fm, syntax, EsVersion::EsNext, None, &mut recovered)
        .map_err(|e| error_at(e.span(), e.kind().msg().into_owned()))?;
    if let Some(e) = recovered.first() {
        return Err(error_at(e.span(), e.kind().msg().into_owned()));
    }
    let program = GLOBALS.set(&Globals::new(), || {
        HELPERS.set(&Helpers::new(false), || transform(program, options))
    });

    let mut code = Vec::new();
    let mut mappings = Vec::new();
    {
        let mut emitter = Emitter {
            cfg: swc_ecma_codegen::Config::default().with_target(EsVersion::Es2022),
            cm: cm.clone(),
            comments: None,
            wr: JsWriter::new(cm.clone(), "\n", &mut code, Some(&mut mappings)),
        };
        emitter.emit_program(&program).map_err(|e| CompileError {
            file: file.to_string(),
            line: 1,
            col: 1,
            message: format!("code generation failed: {e}"),
        })?;
    }
    let map = cm.build_source_map(&mappings, None, DefaultSourceMapGenConfig);
    Ok(Output {
        code: String::from_utf8_lossy(&code).into_owned(),
        map: Map(map),
    })
}

fn transform(program: Program, options: Options) -> Program {
    let unresolved = Mark::new();
    let top_level = Mark::new();
    let mut program = program.apply(resolver(unresolved, top_level, options.typescript));
    if options.typescript {
        program = program.apply(swc_ecma_transforms_typescript::strip(unresolved, top_level));
    }
    if options.module && program.is_module() {
        let config = swc_ecma_transforms_module::common_js::Config::default();
        let features = FeatureFlag {
            support_block_scoping: true,
            support_arrow: true,
        };
        program = program.apply(common_js(Resolver::Default, unresolved, config, features));
    }
    program
        .apply(inject_helpers(unresolved))
        .apply(hygiene())
        .apply(fixer(None))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ESM: Options = Options {
        typescript: false,
        module: true,
    };

    #[test]
    fn exports_get_the_es_module_marker() {
        let out =
            compile("a.js", "export const a = 1;\nexport default a;\n", ESM).expect("present");
        assert!(out.code.contains("__esModule"), "{}", out.code);
        assert!(!out.code.contains("export "), "{}", out.code);
    }

    #[test]
    fn interop_helpers_are_inlined() {
        let out = compile(
            "a.js",
            "import d from './d';\nimport * as n from './n';\nd(n);\n",
            ESM,
        )
        .expect("present");
        assert!(!out.code.contains("@swc/helpers"), "{}", out.code);
        assert!(
            out.code.contains("function _interop_require_default"),
            "{}",
            out.code
        );
        assert!(
            out.code.contains("function _interop_require_wildcard"),
            "{}",
            out.code
        );
    }

    #[test]
    fn a_script_stays_a_script() {
        let out = compile("a.js", "var x = 1;\nmodule.exports = x;\n", ESM).expect("present");
        assert!(!out.code.contains("__esModule"), "{}", out.code);
        assert!(!out.code.contains("use strict"), "{}", out.code);
    }

    #[test]
    fn syntax_errors_name_the_original_position() {
        let e = compile(
            "p.ts",
            "let a: number = 1;\nlet b = ;\n",
            Options {
                typescript: true,
                module: true,
            },
        )
        .expect_err("a compile error");
        assert_eq!((e.file.as_str(), e.line, e.col), ("p.ts", 2, 9), "{e}");
    }

    #[test]
    fn types_are_stripped_and_positions_map_back() {
        let src = "import { x } from './x';\ninterface A { a: number }\nconst a: A = { a: x };\nexport function f(n: number): number {\n  return n + a.a;\n}\n";
        let out = compile(
            "p.ts",
            src,
            Options {
                typescript: true,
                module: true,
            },
        )
        .expect("present");
        assert!(!out.code.contains("interface"), "{}", out.code);
        let (line, text) = out
            .code
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains("return n"))
            .expect("present");
        let col = text.find("return").expect("present");
        let pos = out
            .map
            .lookup(
                u32::try_from(line + 1).expect("present"),
                u32::try_from(col + 1).expect("present"),
            )
            .expect("present");
        assert_eq!(pos, Position { line: 5, col: 3 }, "{}", out.code);
        let json = out.map.to_json();
        let back = Map::from_json(&json).expect("present");
        assert_eq!(
            back.lookup(
                u32::try_from(line + 1).expect("present"),
                u32::try_from(col + 1).expect("present")
            ),
            Some(pos)
        );
    }
}
