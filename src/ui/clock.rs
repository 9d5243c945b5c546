//! The browser's clock and time zone, handed to the domain. The domain never reads time itself;
//! tests in the browser control it by replacing `Date` (Playwright's clock does).

use crate::domain::time::Zone;
use chrono::{DateTime, FixedOffset, Utc};
use wasm_bindgen::JsValue;

/// The phone's current time zone, asked of `Date` for each instant (so summer time is right).
#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserZone;

impl Zone for BrowserZone {
    fn offset_at(&self, instant: DateTime<Utc>) -> FixedOffset {
        let date = js_sys::Date::new(&JsValue::from_f64(instant.timestamp_millis() as f64));
        let minutes_east = -(date.get_timezone_offset() as i32);
        FixedOffset::east_opt(minutes_east * 60)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero"))
    }
}

/// Now, from the browser.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// The phone's language tag, e.g. `en-GB`.
pub fn locale() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_else(|| "en".into())
}

/// A short id that is unique enough across one patient's devices: time plus randomness.
pub fn new_id(prefix: &str) -> String {
    let millis = js_sys::Date::now() as u64;
    let salt = (js_sys::Math::random() * 1_679_616.0) as u64; // 36^4
    format!("{prefix}-{}-{}", base36(millis), base36(salt))
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}
