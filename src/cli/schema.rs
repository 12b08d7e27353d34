//! The JSON Schemas of article, topic, author and edition front matter and of site.yaml (in schemas/), compiled
//! in so `gazette schema` prints them for editors anywhere.

/// Which schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    Article,
    Topic,
    Author,
    Edition,
    Site,
}

impl Schema {
    /// The schema's JSON text.
    pub fn text(self) -> &'static str {
        match self {
            Schema::Article => include_str!("../../schemas/article.schema.json"),
            Schema::Topic => include_str!("../../schemas/topic.schema.json"),
            Schema::Author => include_str!("../../schemas/author.schema.json"),
            Schema::Edition => include_str!("../../schemas/edition.schema.json"),
            Schema::Site => include_str!("../../schemas/site.schema.json"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_is_json_with_an_id() {
        for schema in [
            Schema::Article,
            Schema::Topic,
            Schema::Author,
            Schema::Edition,
            Schema::Site,
        ] {
            let value: serde_json::Value = serde_json::from_str(schema.text()).expect("valid JSON");
            assert!(value["$id"].as_str().is_some_and(|id| id.ends_with(".schema.json")));
        }
    }
}
