//! One scripted decision, or several answered in turn: `user_profile = "deny"` or
//! `user_profile = ["deny", "allow"]` (the first prompt is denied, every later one allowed: the
//! last value repeats). "Deny once, then allow" is the flow most worth testing, and a profile
//! holding one answer per run could not say it.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, IntoDeserializer, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value a decision can take, with the accepted forms in plain words for error messages.
pub trait Decision: Clone + for<'de> Deserialize<'de> + Serialize {
    /// What may be written, e.g. `"allow" or "deny"`.
    fn accepted() -> &'static str;
}

impl Decision for bool {
    fn accepted() -> &'static str {
        "true or false"
    }
}

impl Decision for i64 {
    fn accepted() -> &'static str {
        "a whole number"
    }
}

impl Decision for String {
    fn accepted() -> &'static str {
        "a string"
    }
}

/// The answers to one kind of prompt, taken in order; the last one repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers<T> {
    values: Vec<T>,
    /// How many prompts have been answered.
    used: usize,
}

impl<T: Clone> Answers<T> {
    /// The same answer every time.
    pub fn always(value: T) -> Self {
        Answers {
            values: vec![value],
            used: 0,
        }
    }

    /// Answers in this order, the last repeating; `None` for an empty list.
    #[must_use]
    pub fn sequence(values: Vec<T>) -> Option<Self> {
        (!values.is_empty()).then_some(Answers { values, used: 0 })
    }

    /// The answer to the next prompt, which is then counted as answered.
    pub fn take(&mut self) -> T {
        let v = self.peek();
        self.used = self.used.saturating_add(1);
        v
    }

    /// The answer the next prompt would get, without using it up.
    #[must_use]
    pub fn peek(&self) -> T {
        let last = self.values.len().saturating_sub(1);
        // `values` is never empty: both constructors and the deserializer refuse that.
        self.values[self.used.min(last)].clone()
    }

    /// Every answer, in order.
    #[must_use]
    pub fn values(&self) -> &[T] {
        &self.values
    }
}

impl<T: Clone> From<T> for Answers<T> {
    fn from(value: T) -> Self {
        Answers::always(value)
    }
}

impl<T: Serialize> Serialize for Answers<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Written back the way it is usually read: one value alone, a list otherwise.
        match self.values.as_slice() {
            [one] => one.serialize(s),
            all => all.serialize(s),
        }
    }
}

impl<'de, T: Decision> Deserialize<'de> for Answers<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AnswersVisitor(PhantomData))
    }
}

struct AnswersVisitor<T>(PhantomData<T>);

impl<T: Decision> AnswersVisitor<T> {
    /// Reads one scalar as `T`, restating T's error with the accepted forms.
    fn one<'a, E: de::Error, D: IntoDeserializer<'a, E>>(
        what: fmt::Arguments<'_>,
        v: D,
    ) -> Result<Answers<T>, E> {
        T::deserialize(v.into_deserializer())
            .map(Answers::always)
            .map_err(|_| E::custom(Self::refusal(what)))
    }

    fn refusal(what: fmt::Arguments<'_>) -> String {
        format!(
            "{what} is not accepted here: expected {}, or a list of them answered in turn \
             (the last repeats)",
            T::accepted()
        )
    }
}

impl<'de, T: Decision> Visitor<'de> for AnswersVisitor<T> {
    type Value = Answers<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}, or a list of them answered in turn", T::accepted())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Self::one(format_args!("{v}"), v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Self::one(format_args!("{v}"), v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Self::one(format_args!("{v}"), v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Self::one(format_args!("{v}"), v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Self::one(format_args!("{v:?}"), v)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut values = Vec::new();
        loop {
            // Each element must be a plain value: a nested list is refused by T itself.
            match seq.next_element::<T>() {
                Ok(Some(v)) => values.push(v),
                Ok(None) => break,
                Err(_) => {
                    return Err(de::Error::custom(format!(
                        "item {} of the list is not accepted: expected {}",
                        values.len() + 1,
                        T::accepted()
                    )))
                }
            }
        }
        Answers::sequence(values).ok_or_else(|| {
            de::Error::custom(format!(
                "an empty list answers nothing: give {} or a list of them",
                T::accepted()
            ))
        })
    }

    fn visit_map<A: de::MapAccess<'de>>(self, _map: A) -> Result<Self::Value, A::Error> {
        Err(de::Error::custom(Self::refusal(format_args!("a table"))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Consent;

    #[derive(Deserialize, Serialize)]
    struct T {
        d: Answers<Consent>,
    }

    fn parse(text: &str) -> Result<Answers<Consent>, String> {
        toml::from_str::<T>(text)
            .map(|t| t.d)
            .map_err(|e| e.message().to_string())
    }

    #[test]
    fn one_value_or_a_sequence_whose_last_repeats() {
        let mut a = parse("d = \"deny\"").expect("one");
        assert_eq!([a.take(), a.take()], [Consent::Deny, Consent::Deny]);
        let mut a = parse("d = [\"deny\", \"allow\"]").expect("list");
        assert_eq!(a.peek(), Consent::Deny);
        assert_eq!(
            [a.take(), a.take(), a.take()],
            [Consent::Deny, Consent::Allow, Consent::Allow]
        );
    }

    #[test]
    fn refusals_say_what_is_accepted() {
        assert_eq!(
            parse("d = \"maybe\"").expect_err("refused"),
            "\"maybe\" is not accepted here: expected \"allow\" or \"deny\", or a list of them \
             answered in turn (the last repeats)"
        );
        assert_eq!(
            parse("d = [\"deny\", 3]").expect_err("refused"),
            "item 2 of the list is not accepted: expected \"allow\" or \"deny\""
        );
        assert!(parse("d = []")
            .expect_err("refused")
            .starts_with("an empty list"));
        assert!(parse("d = { x = 1 }")
            .expect_err("refused")
            .starts_with("a table is not"));
    }

    #[test]
    fn written_back_as_read() {
        let t: T = toml::from_str("d = [\"deny\", \"allow\"]").expect("list");
        assert_eq!(
            serde_json::to_string(&t.d).expect("json"),
            r#"["deny","allow"]"#
        );
        let t: T = toml::from_str("d = \"deny\"").expect("one");
        assert_eq!(serde_json::to_string(&t.d).expect("json"), r#""deny""#);
    }
}
