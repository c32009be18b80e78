//! Local-time date strings that real mini-program code passes to `new Date` / `Date.parse` and
//! boa rejects: `2024/03/10`, `2024/03/10 10:00[:00]`, `2024-03-10 10:00[:00[.000]]`,
//! `Mar 10, 2024[ 10:00:00]`. The JS side is `js-shims/date.js`.

use boa_engine::{Context, JsResult, JsValue, NativeFunction};

const SHIM: &str = include_str!("../../../js-shims/date.js");

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Days from 1970-01-01 to the given civil date (Howard Hinnant's algorithm); out-of-range days
/// roll over as JavaScript's Date does.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn num(s: &str, max_len: usize) -> Option<i64> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `H:MM[:SS[.mmm]]` -> milliseconds into the day.
fn time_of_day(s: &str) -> Option<i64> {
    let mut parts = s.split(':');
    let h = num(parts.next()?, 2)?;
    let m = num(parts.next()?, 2)?;
    let (sec, ms) = match parts.next() {
        None => (0, 0),
        Some(sec) => match sec.split_once('.') {
            Some((s, frac)) => {
                // Digits are checked before their count is used: text reaches here from JS.
                if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let digits = &frac[..frac.len().min(3)];
                let scale = 10_i64.pow(3 - u32::try_from(digits.len()).ok()?);
                (num(s, 2)?, num(digits, 3)? * scale)
            }
            None => (num(sec, 2)?, 0),
        },
    };
    if parts.next().is_some() || h > 24 || m > 59 || sec > 59 {
        return None;
    }
    Some(((h * 60 + m) * 60 + sec) * 1000 + ms)
}

/// Parses the local-time forms above; `None` for anything else (including ISO forms boa handles).
#[must_use]
pub fn parse_local(s: &str, tz_offset_seconds: i32) -> Option<f64> {
    let s = s.trim();
    let (date, time) = match s.split_once(' ') {
        Some((d, t)) if !d.contains(',') => (d, Some(t.trim())),
        _ => (s, None),
    };
    let (y, m, d, time) = if let Some((mon, rest)) = s.split_once(' ').filter(|_| s.contains(',')) {
        // "Mar 10, 2024[ 10:00:00]"
        let month = MONTHS
            .iter()
            .position(|m| mon.to_ascii_lowercase().starts_with(m))?;
        let (day, rest) = rest.split_once(',')?;
        let rest = rest.trim();
        let (year, time) = match rest.split_once(' ') {
            Some((y, t)) => (y, Some(t.trim())),
            None => (rest, None),
        };
        (
            num(year, 4)?,
            i64::try_from(month).ok()? + 1,
            num(day.trim(), 2)?,
            time,
        )
    } else if date.contains('/') {
        let mut p = date.split('/');
        let v = (num(p.next()?, 4)?, num(p.next()?, 2)?, num(p.next()?, 2)?);
        if p.next().is_some() {
            return None;
        }
        (v.0, v.1, v.2, time)
    } else if date.contains('-') && time.is_some() {
        let mut p = date.split('-');
        let v = (num(p.next()?, 4)?, num(p.next()?, 2)?, num(p.next()?, 2)?);
        if p.next().is_some() {
            return None;
        }
        (v.0, v.1, v.2, time)
    } else {
        return None;
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let tod = match time {
        Some(t) if !t.is_empty() => time_of_day(t)?,
        _ => 0,
    };
    let local = days_from_civil(y, m, d) * 86_400_000 + tod;
    #[allow(clippy::cast_precision_loss)]
    Some((local - i64::from(tz_offset_seconds) * 1000) as f64)
}

/// Replaces `Date` with the fixing wrapper.
///
/// # Errors
/// When the shim fails to evaluate (a bug in the shim).
pub fn install(ctx: &mut Context, tz_offset_seconds: i32) -> JsResult<()> {
    let factory = crate::code_cache::eval(ctx, SHIM)?;
    let parse = NativeFunction::from_copy_closure_with_captures(
        |_, args, tz: &i32, ctx| {
            let s = args.first().cloned().unwrap_or_default().to_string(ctx)?;
            Ok(JsValue::new(
                parse_local(&s.to_std_string_escaped(), *tz).unwrap_or(f64::NAN),
            ))
        },
        tz_offset_seconds,
    )
    .to_js_function(ctx.realm());
    let factory = factory.as_callable().ok_or_else(|| {
        boa_engine::JsNativeError::typ().with_message("date shim is not a function")
    })?;
    factory.call(&JsValue::undefined(), &[parse.into()], ctx)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CST: i32 = 8 * 3600;

    #[test]
    fn slash_and_space_forms_are_local_time() {
        // 2024-03-10T02:00:00Z == 10:00 in +08:00.
        let ten = 1_710_036_000_000.0;
        assert_eq!(parse_local("2024/03/10 10:00:00", CST), Some(ten));
        assert_eq!(parse_local("2024-03-10 10:00:00", CST), Some(ten));
        assert_eq!(parse_local("2024/3/10 10:00", CST), Some(ten));
        assert_eq!(parse_local("Mar 10, 2024 10:00:00", CST), Some(ten));
        assert_eq!(
            parse_local("2024/03/10", CST),
            Some(ten - 10.0 * 3_600_000.0)
        );
        assert_eq!(parse_local("2024-03-10 10:00:00.5", CST), Some(ten + 500.0));
    }

    #[test]
    fn other_forms_are_left_to_the_engine() {
        assert_eq!(parse_local("2024-03-10", CST), None);
        assert_eq!(parse_local("2024-03-10T10:00:00", CST), None);
        assert_eq!(parse_local("hello", CST), None);
        assert_eq!(parse_local("2024/13/10", CST), None);
        assert_eq!(parse_local("2024/03/10 25:00", CST), None);
        // Hostile fractions and non-ASCII text are refused, never a panic.
        assert_eq!(parse_local("2024/03/10 10:00:00.日本", CST), None);
        assert_eq!(parse_local("2024/03/10 10:00:00.", CST), None);
        assert_eq!(
            parse_local("2024/03/10 10:00:00.123456", CST),
            Some(1_710_036_000_123.0)
        );
        assert_eq!(parse_local("２０２４/03/10", CST), None);
    }
}
