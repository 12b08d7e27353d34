//! A sending service's tags in a body's text, kept as written: Mailchimp's merge tags
//! (`*|FNAME|*`, which Markdown would read as emphasis) and the tags of template languages
//! (`{{ subscriber.first_name | default: "reader" }}`, whose quotes smart punctuation would
//! curl, so that the service could no longer read them). The service fills them in as it sends
//! an email; the page and the feeds show them as written.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// `events` (a body's, as pulldown-cmark gives them) with the emphasis around a merge tag
/// (`*|FORWARD|*` is `<em>|FORWARD|</em>` to Markdown) given back its asterisks, and the curled
/// quotes inside a template tag (`{{ … }}`, `{% … %}`) straight again. One event is replaced by
/// one, so offsets kept beside the events stay true. `markdown` is the source of the events: a
/// body without a merge tag's or a template tag's signs (most) is not walked at all.
pub fn keep_sending_tags(markdown: &str, events: &mut [Event<'_>]) {
    if markdown.contains("*|") {
        keep_merge_tags(events);
    }
    if markdown.contains("{{") || markdown.contains("{%") {
        straighten_template_tags(events);
    }
}

/// The asterisks of the merge tags that Markdown read as emphasis, given back.
fn keep_merge_tags(events: &mut [Event<'_>]) {
    let mut i = 0;
    while i + 2 < events.len() {
        if matches!(events[i], Event::Start(Tag::Emphasis))
            && matches!(events[i + 2], Event::End(TagEnd::Emphasis))
            && matches!(&events[i + 1], Event::Text(text) if is_merge_tag_inside(text))
        {
            events[i] = Event::Text(CowStr::Borrowed("*"));
            events[i + 2] = Event::Text(CowStr::Borrowed("*"));
            i += 3;
        } else {
            i += 1;
        }
    }
}

/// The curled quotes inside template tags made straight again.
fn straighten_template_tags(events: &mut [Event<'_>]) {
    let mut in_tag = false;
    for event in events.iter_mut() {
        match event {
            Event::Text(text) if in_tag || text.contains("{{") || text.contains("{%") => {
                if let Some(straight) = straighten_in_tags(text, &mut in_tag) {
                    *text = CowStr::from(straight);
                }
            }
            // A tag does not run past its paragraph, heading, item or cell.
            event if super::ends_a_block(event) => in_tag = false,
            _ => {}
        }
    }
}

/// Whether `text`, between a pair of asterisks, is a merge tag's inside: `|FNAME|`,
/// `|MC:SUBJECT|`, `|IF:FNAME = Bob|`: pipes at both ends, a capital letter first, on one line.
fn is_merge_tag_inside(text: &str) -> bool {
    let Some(inside) = text.strip_prefix('|').and_then(|t| t.strip_suffix('|')) else {
        return false;
    };
    inside.starts_with(|c: char| c.is_ascii_uppercase())
        && !inside.ends_with(' ')
        && inside
            .chars()
            .all(|c| (c.is_ascii_graphic() || c == ' ') && c != '|' && c != '*')
}

/// `text` with the curled quotes inside template tags made straight, or `None` when it has
/// none; `in_tag` says whether the text starts inside a tag, and is left saying whether it ends
/// in one (smart punctuation gives a quote as a text of its own).
fn straighten_in_tags(text: &str, in_tag: &mut bool) -> Option<String> {
    let mut out: Option<String> = None;
    let mut previous = '\0';
    for (at, c) in text.char_indices() {
        let straight = match c {
            '‘' | '’' if *in_tag => Some('\''),
            '“' | '”' if *in_tag => Some('"'),
            _ => None,
        };
        match (straight, &mut out) {
            (Some(s), Some(out)) => out.push(s),
            (Some(s), None) => {
                let mut new = String::with_capacity(text.len());
                new.push_str(&text[..at]);
                new.push(s);
                out = Some(new);
            }
            (None, Some(out)) => out.push(c),
            (None, None) => {}
        }
        match (previous, c) {
            ('{', '{' | '%') => *in_tag = true,
            ('}' | '%', '}') => *in_tag = false,
            _ => {}
        }
        previous = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser, html};

    fn html_of(markdown: &str) -> String {
        let mut events: Vec<Event<'_>> = Parser::new_ext(markdown, Options::ENABLE_SMART_PUNCTUATION).collect();
        keep_sending_tags(markdown, &mut events);
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter());
        out
    }

    #[test]
    fn merge_tags_keep_their_asterisks() {
        assert_eq!(
            html_of("Hi *|FNAME|*, forward it: *|FORWARD|* or *|IF:FNAME = Bob|*"),
            "<p>Hi *|FNAME|*, forward it: *|FORWARD|* or *|IF:FNAME = Bob|*</p>\n"
        );
        // Emphasis that is not a merge tag stays emphasis.
        assert_eq!(
            html_of("*really* and *|not a tag|*"),
            "<p><em>really</em> and <em>|not a tag|</em></p>\n"
        );
    }

    #[test]
    fn quotes_inside_template_tags_stay_straight() {
        assert_eq!(
            html_of("Dear {{ subscriber.first_name | default: \"reader\" }}, it's {% if x == 'y' %}here{% endif %}."),
            "<p>Dear {{ subscriber.first_name | default: \"reader\" }}, it’s {% if x == 'y' %}here{% endif %}.</p>\n"
        );
        // Outside a tag, quotes are curled as ever.
        assert_eq!(html_of("\"Ready,\" she said."), "<p>“Ready,” she said.</p>\n");
    }
}
