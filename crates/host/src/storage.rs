//! Key-value storage with WeChat's limits: 1 MB per key (key + value), 10 MB per mini-program.
//! Values keep their JavaScript type (a number comes back a number, a Date a Date).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Bytes allowed for one entry (key plus serialised value).
pub const ENTRY_LIMIT_BYTES: usize = 1024 * 1024;
/// Bytes allowed for all entries of one mini-program.
pub const TOTAL_LIMIT_BYTES: usize = 10 * 1024 * 1024;

/// The JavaScript type a stored value is restored as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum ValueKind {
    String,
    Number,
    Boolean,
    Object,
    Array,
    /// Milliseconds since the epoch in `json`.
    Date,
    Null,
    Undefined,
}

/// A stored value: its type and its JSON form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredValue {
    /// How to restore it.
    pub kind: ValueKind,
    /// The value as JSON (`null` for Undefined).
    pub json: Value,
}

impl StoredValue {
    /// Bytes the value occupies, as counted against the limits (its JSON text).
    #[must_use]
    pub fn size_bytes(&self) -> usize {
        serde_json::to_string(&self.json).map_or(0, |s| s.len())
    }
}

/// `getStorageInfo`'s answer; sizes in KB as WeChat reports them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StorageInfo {
    /// Keys in insertion order.
    pub keys: Vec<String>,
    /// KB in use (rounded up).
    pub current_size: u64,
    /// KB allowed.
    pub limit_size: u64,
}

/// Why a write was refused. The texts are WeChat's as seen in developer reports (UNVERIFIED:
/// the official docs state the limits but not the messages).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// One entry over 1 MB.
    #[error("exceed storage item max length")]
    EntryTooLarge {
        /// The key.
        key: String,
        /// Its size in bytes.
        bytes: usize,
    },
    /// All entries together over 10 MB.
    #[error("exceed storage max size 10Mb")]
    QuotaExceeded {
        /// Bytes the store would hold after the write.
        bytes: usize,
    },
}

/// The storage a mini-program sees through `wx.*Storage*`.
pub trait StorageHost {
    /// Stores `value` under `key`, replacing any previous value.
    ///
    /// # Errors
    /// [`StorageError`] when a limit would be crossed; the store is then unchanged.
    fn set(&mut self, key: &str, value: StoredValue) -> Result<(), StorageError>;
    /// The value under `key`.
    fn get(&self, key: &str) -> Option<StoredValue>;
    /// Removes `key` (no error when absent, as in WeChat).
    fn remove(&mut self, key: &str);
    /// Removes everything.
    fn clear(&mut self);
    /// Keys and sizes.
    fn info(&self) -> StorageInfo;
}

/// In-memory storage: the simulated superapp's.
#[derive(Debug, Clone, Default)]
pub struct MemoryStorage {
    entries: Vec<(String, StoredValue)>,
}

fn entry_bytes(key: &str, value: &StoredValue) -> usize {
    key.len() + value.size_bytes()
}

impl MemoryStorage {
    fn total_bytes(&self) -> usize {
        self.entries.iter().map(|(k, v)| entry_bytes(k, v)).sum()
    }
}

impl StorageHost for MemoryStorage {
    fn set(&mut self, key: &str, value: StoredValue) -> Result<(), StorageError> {
        let bytes = entry_bytes(key, &value);
        if bytes > ENTRY_LIMIT_BYTES {
            return Err(StorageError::EntryTooLarge {
                key: key.to_string(),
                bytes,
            });
        }
        let existing = self
            .entries
            .iter()
            .find(|(k, _)| k == key)
            .map_or(0, |(k, v)| entry_bytes(k, v));
        let after = self.total_bytes() - existing + bytes;
        if after > TOTAL_LIMIT_BYTES {
            return Err(StorageError::QuotaExceeded { bytes: after });
        }
        match self.entries.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.entries.push((key.to_string(), value)),
        }
        Ok(())
    }

    fn get(&self, key: &str) -> Option<StoredValue> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    fn remove(&mut self, key: &str) {
        self.entries.retain(|(k, _)| k != key);
    }

    fn clear(&mut self) {
        self.entries.clear();
    }

    fn info(&self) -> StorageInfo {
        StorageInfo {
            keys: self.entries.iter().map(|(k, _)| k.clone()).collect(),
            current_size: self.total_bytes().div_ceil(1024) as u64,
            limit_size: (TOTAL_LIMIT_BYTES / 1024) as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> StoredValue {
        StoredValue {
            kind: ValueKind::String,
            json: Value::String(text.into()),
        }
    }

    #[test]
    fn limits_are_enforced_and_leave_the_store_unchanged() {
        let mut st = MemoryStorage::default();
        st.set("a", s("x")).expect("fits");
        let big = "y".repeat(ENTRY_LIMIT_BYTES);
        assert!(matches!(
            st.set("b", s(&big)),
            Err(StorageError::EntryTooLarge { .. })
        ));
        let chunk = "z".repeat(ENTRY_LIMIT_BYTES - 100);
        for i in 0..10 {
            st.set(&format!("k{i}"), s(&chunk)).expect("under 10 MB");
        }
        assert!(matches!(
            st.set("k10", s(&chunk)),
            Err(StorageError::QuotaExceeded { .. })
        ));
        assert_eq!(st.info().keys.len(), 11);
        // Replacing an entry counts its new size only.
        st.set("k0", s("small")).expect("replacement fits");
        assert_eq!(st.info().keys[1], "k0");
        assert_eq!(st.info().limit_size, 10240);
    }
}
