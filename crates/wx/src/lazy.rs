//! A part of the API table kept as its JSON text until first read. The table is 600 KB of
//! JSON; parsing all of it took 58% of the instructions of a release `wxbox run hello`, while
//! a run reads the parameter lists of the few methods it calls. Registration needs only names
//! and call kinds, so field lists and interfaces wait here until something asks for them.
//!
//! The checked-in table is parsed whole by the `table` tests, so a malformed entry fails there;
//! at run time an entry that does not parse reads as empty (and `Lazy::check` reports it).

use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A value of `T` parsed from its JSON text on first use.
pub struct Lazy<T> {
    raw: Option<Box<RawValue>>,
    parsed: OnceLock<T>,
}

impl<T: DeserializeOwned + Default> Lazy<T> {
    /// Parses now, reporting what is wrong with the text.
    ///
    /// # Errors
    /// The JSON does not have `T`'s shape.
    pub fn check(&self) -> Result<&T, serde_json::Error> {
        if let Some(v) = self.parsed.get() {
            return Ok(v);
        }
        let v = match &self.raw {
            Some(raw) => serde_json::from_str(raw.get())?,
            None => T::default(),
        };
        Ok(self.parsed.get_or_init(|| v))
    }

    /// An already parsed value.
    #[must_use]
    pub fn new(value: T) -> Self {
        let parsed = OnceLock::new();
        let _ = parsed.set(value);
        Lazy { raw: None, parsed }
    }
}

impl<T: DeserializeOwned + Default> Deref for Lazy<T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.parsed.get_or_init(|| {
            self.raw
                .as_ref()
                .and_then(|raw| serde_json::from_str(raw.get()).ok())
                .unwrap_or_default()
        })
    }
}

impl<T: DeserializeOwned + Default> Default for Lazy<T> {
    fn default() -> Self {
        Lazy::new(T::default())
    }
}

impl<T: DeserializeOwned + Default + Clone> Clone for Lazy<T> {
    fn clone(&self) -> Self {
        match self.parsed.get() {
            Some(v) => Lazy::new(v.clone()),
            None => Lazy {
                raw: self.raw.clone(),
                parsed: OnceLock::new(),
            },
        }
    }
}

impl<T: DeserializeOwned + Default + PartialEq> PartialEq for Lazy<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: DeserializeOwned + Default + fmt::Debug> fmt::Debug for Lazy<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<'de, T> Deserialize<'de> for Lazy<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Lazy {
            raw: Some(Box::<RawValue>::deserialize(d)?),
            parsed: OnceLock::new(),
        })
    }
}

impl<T: DeserializeOwned + Default + Serialize> Serialize for Lazy<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

/// For `skip_serializing_if`: an empty list.
pub(crate) fn is_empty<U: DeserializeOwned>(v: &Lazy<Vec<U>>) -> bool {
    match (&v.raw, v.parsed.get()) {
        (_, Some(p)) => p.is_empty(),
        (Some(raw), None) => raw.get().trim() == "[]",
        (None, None) => true,
    }
}
