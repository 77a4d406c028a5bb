//! Names that read as what they are: NFC-normalised, without control characters, without
//! bidirectional overrides, embeddings, isolates or marks (which reorder the text around
//! them, e.g. to make "gpj.exe" read as "exe.jpg"), without invisible joiners/spaces that hide
//! inside a name, and never made of invisible characters only.

use unicode_normalization::UnicodeNormalization;

/// Why a name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameFault {
    /// Empty after trimming, or longer than the maximum.
    Length,
    /// A control character (newline, tab, NUL, ...).
    Control,
    /// A bidirectional formatting character (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
    /// U+061C).
    Bidi,
    /// An invisible character that is never needed inside a name (zero-width space, word
    /// joiner, byte-order mark, tag characters, ...).
    Hidden,
    /// Nothing visible: only spaces, fillers and zero-width characters.
    Blank,
}

/// The name `raw` normalised to NFC and trimmed, with at most `max` characters; or why not.
pub(crate) fn visible_name(raw: &str, max: usize) -> Result<String, NameFault> {
    let normalised: String = raw.nfc().collect();
    let value = normalised.trim();
    let len = value.chars().count();
    if len == 0 || len > max {
        return Err(NameFault::Length);
    }
    if value.chars().any(char::is_control) {
        return Err(NameFault::Control);
    }
    if value.chars().any(is_bidi_control) {
        return Err(NameFault::Bidi);
    }
    if value.chars().any(is_hidden) {
        return Err(NameFault::Hidden);
    }
    if value.chars().all(is_blank) {
        return Err(NameFault::Blank);
    }
    Ok(value.to_string())
}

/// Bidirectional formatting characters: embeddings and overrides (U+202A–U+202E), isolates
/// (U+2066–U+2069), and the implicit marks (LRM, RLM, ALM).
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Invisible characters no name needs anywhere: zero-width space, word joiner and the other
/// invisible operators, the byte-order mark, interlinear annotation marks, tag characters.
/// (Zero-width joiner and non-joiner are allowed inside a name: emoji sequences and some
/// scripts need them.)
fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{200B}' | '\u{2060}'..='\u{2064}' | '\u{206A}'..='\u{206F}' | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}')
}

/// Characters that show nothing on their own: white space, zero-width and default-ignorable
/// characters, Hangul and Braille fillers, variation selectors, combining grapheme joiner.
fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200D}' | '\u{2800}' | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FFA0}' | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}' | '\u{E0100}'..='\u{E01EF}')
        || is_hidden(c)
        || is_bidi_control(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_pass_normalised() {
        assert_eq!(visible_name("  Ada Lovelace ", 50).unwrap(), "Ada Lovelace");
        // "e" + combining acute becomes the single code point é.
        assert_eq!(visible_name("Rene\u{301}", 50).unwrap(), "Ren\u{E9}");
        assert_eq!(visible_name("שלום", 50).unwrap(), "שלום");
        assert_eq!(visible_name("علي", 50).unwrap(), "علي");
        assert_eq!(visible_name("김민준", 50).unwrap(), "김민준");
        // Emoji sequences keep their zero-width joiners; Persian keeps its non-joiner.
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(visible_name(family, 50).unwrap(), family);
        assert!(visible_name("می\u{200C}خواهم", 50).is_ok());
    }

    #[test]
    fn length_counts_normalised_characters() {
        assert_eq!(visible_name("", 50), Err(NameFault::Length));
        assert_eq!(visible_name("   ", 50), Err(NameFault::Length));
        assert!(visible_name(&"e\u{301}".repeat(50), 50).is_ok());
        assert_eq!(visible_name(&"x".repeat(51), 50), Err(NameFault::Length));
    }

    #[test]
    fn control_characters_are_refused() {
        for name in [
            "bad\nname",
            "tab\there",
            "nul\0",
            "esc\u{1B}[31m",
            "c1\u{85}x",
        ] {
            assert_eq!(visible_name(name, 50), Err(NameFault::Control), "{name:?}");
        }
    }

    #[test]
    fn bidi_overrides_isolates_and_marks_are_refused() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            let name = format!("admin{c}gpj.exe");
            assert_eq!(
                visible_name(&name, 50),
                Err(NameFault::Bidi),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn hidden_characters_inside_names_are_refused() {
        for c in ['\u{200B}', '\u{2060}', '\u{FEFF}', '\u{E0041}'] {
            let name = format!("ad{c}min");
            assert_eq!(
                visible_name(&name, 50),
                Err(NameFault::Hidden),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn invisible_only_names_are_refused() {
        for name in [
            "\u{3164}",
            "\u{3164}\u{3164}",
            "\u{115F}\u{1160}",
            "\u{FFA0}",
            "\u{2800}\u{2800}",
            "\u{00AD}",
            "\u{200D}",
            "\u{200C}\u{200D}",
            "\u{FE0F}",
            "\u{3000}\u{3164}",
            "\u{034F}",
        ] {
            assert_eq!(visible_name(name, 50), Err(NameFault::Blank), "{name:?}");
        }
        // A filler beside a visible character is just an odd name.
        assert!(visible_name("x\u{3164}", 50).is_ok());
    }
}
