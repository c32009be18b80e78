//! Host traits behind the `wx` API, and the default implementations the simulated superapp uses.
//!
//! A host never touches JavaScript: the `wx` layer converts arguments to Rust values, calls a host
//! trait, and turns the typed result into a WeChat callback on the event loop. An embedder who
//! wants to test their own superapp implements these traits.
//!
//! - [`storage`]: `wx.setStorage` and friends, with WeChat's per-key and total limits.

pub mod storage;

pub use storage::{MemoryStorage, StorageError, StorageHost, StorageInfo, StoredValue, ValueKind};
