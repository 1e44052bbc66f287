//! Common nicknames and short forms of English and European first names,
//! for telling "Robert" -> "Bob" (the same person, renamed the way a spinner
//! does) from two unrelated first names.

/// Each row: a formal first name, then the short forms and nicknames it
/// goes by. Lower case, without diacritics (see `name_variants::fold`).
const TABLE: &[&[&str]] = &[
    &["abigail", "abby", "gail"],
    &["albert", "al", "bert", "bertie"],
    &[
        "alexander",
        "alex",
        "alec",
        "sasha",
        "sandy",
        "xander",
        "lex",
    ],
    &["alexandra", "alex", "sasha", "sandra", "lexi", "sandy"],
    &["alfred", "alf", "alfie", "fred"],
    &["andrew", "andy", "drew"],
    &["anna", "anne", "ann", "annie", "anya", "anka", "nan"],
    &["anthony", "tony", "ant"],
    &["antonio", "tonio", "toni", "tono"],
    &["barbara", "barb", "babs", "barbie"],
    &["benjamin", "ben", "benny", "benji"],
    &[
        "catherine",
        "cathy",
        "cate",
        "kate",
        "katie",
        "kitty",
        "cat",
    ],
    &["charles", "charlie", "chuck", "chas", "chaz"],
    &["christina", "chris", "tina", "kristin", "christa"],
    &["christine", "chris", "tina", "christa"],
    &["christopher", "chris", "kit", "topher"],
    &["daniel", "dan", "danny"],
    &["david", "dave", "davy"],
    &["deborah", "debbie", "deb", "debra"],
    &["dmitri", "dima", "dmitry"],
    &["donald", "don", "donnie"],
    &["dorothy", "dot", "dolly", "dottie"],
    &["douglas", "doug"],
    &["edward", "ed", "eddie", "ted", "ned"],
    &["eleanor", "ellie", "nell", "nora", "elle"],
    &[
        "elizabeth",
        "liz",
        "lizzie",
        "beth",
        "betty",
        "eliza",
        "libby",
        "bess",
        "lisa",
        "elsbeth",
    ],
    &["ekaterina", "katya", "katia", "katerina"],
    &[
        "elisabeth",
        "liz",
        "lisa",
        "lise",
        "lisbeth",
        "elsbeth",
        "betty",
        "beth",
        "sisi",
    ],
    &["francesca", "fran", "frankie", "chesca"],
    &["francesco", "franco", "cesco"],
    &["francis", "frank", "frankie", "fran"],
    &["francisco", "paco", "pancho", "cisco"],
    &["frederick", "fred", "freddie", "fritz", "rick"],
    &["friedrich", "fritz", "fred"],
    &["gabriel", "gabe", "gabi"],
    &["gerald", "gerry", "jerry"],
    &["konstantin", "kostya", "kostas", "kosta", "konny"],
    &["constantine", "costa", "con", "dino"],
    &["giovanni", "gianni", "nanni", "vanni"],
    &["giuseppe", "beppe", "peppe", "pino"],
    &["gregory", "greg"],
    &["guillermo", "memo", "guille"],
    &["helen", "nell", "nellie", "lena"],
    &["henry", "harry", "hank", "hal"],
    &["isabel", "bella", "izzy", "isa", "belle"],
    &["isabella", "bella", "izzy", "isa", "belle"],
    &["jacob", "jake", "kuba", "jack"],
    &["james", "jim", "jimmy", "jamie", "jem"],
    &["jennifer", "jen", "jenny", "jenna"],
    &["jessica", "jess", "jessie"],
    &["johanna", "jo", "hanna", "hanne", "jo-anne"],
    &["johannes", "hans", "jan", "johann", "hannes"],
    &["john", "jack", "johnny", "jon"],
    &["jonathan", "jon", "jonny", "nathan"],
    &["jose", "pepe", "chepe"],
    &["joseph", "joe", "joey", "jo", "sepp", "jos"],
    &["josephine", "jo", "josie", "fifi", "pepa"],
    &["katherine", "kate", "kathy", "katie", "kat", "kitty", "kay"],
    &["kimberly", "kim", "kimmy"],
    &["lawrence", "larry", "laurie"],
    &["leonard", "len", "lenny", "leo"],
    &[
        "margaret", "maggie", "meg", "peggy", "greta", "margo", "marge", "madge", "rita", "daisy",
    ],
    &["margarethe", "greta", "grete", "gretel", "margit"],
    &["maria", "masha", "mimi", "mia", "mitzi"],
    &["matthew", "matt", "matty"],
    &["michael", "mike", "mick", "micky", "mikey", "misha"],
    &["mikhail", "misha"],
    &["natalia", "natasha", "nata", "talia"],
    &["nathaniel", "nate", "nat", "nathan"],
    &["nicholas", "nick", "nicky", "nico", "klaus", "claus"],
    &["nikolai", "kolya", "nico"],
    &["pamela", "pam"],
    &["patricia", "pat", "patty", "trish", "tricia"],
    &["patrick", "pat", "paddy", "rick"],
    &["peter", "pete"],
    &["raymond", "ray"],
    &["rebecca", "becky", "becca"],
    &["richard", "dick", "rick", "rich", "ricky", "richie"],
    &["robert", "bob", "rob", "bobby", "robbie", "bert"],
    &["ronald", "ron", "ronnie"],
    &["samantha", "sam", "sammy"],
    &["samuel", "sam", "sammy"],
    &["stephen", "steve", "stevie"],
    &["steven", "steve", "stevie"],
    &["susan", "sue", "susie", "suzy"],
    &["theodore", "ted", "teddy", "theo"],
    &["thomas", "tom", "tommy"],
    &["timothy", "tim", "timmy"],
    &["victoria", "vicky", "tori", "vic"],
    &["vladimir", "vova", "volodya", "vlad"],
    &["walter", "walt", "wally"],
    &["william", "bill", "will", "billy", "willy", "liam"],
    &["wolfgang", "wolf"],
    &["zachary", "zach", "zack"],
];

/// Whether one of `a` and `b` (folded lower case first names) is a
/// nickname of the other ("robert" / "bob").
pub(crate) fn is_nickname_pair(a: &str, b: &str) -> bool {
    a != b
        && TABLE.iter().any(|row| {
            let (formal, short) = (row[0], &row[1..]);
            (formal == a && short.contains(&b)) || (formal == b && short.contains(&a))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nickname_pairs_either_way() {
        assert!(is_nickname_pair("robert", "bob"));
        assert!(is_nickname_pair("greta", "margarethe"));
        assert!(is_nickname_pair("elizabeth", "liz"));
        // Two nicknames of one name are not a pair by themselves.
        assert!(!is_nickname_pair("bob", "rob"));
        assert!(!is_nickname_pair("robert", "robert"));
        assert!(!is_nickname_pair("tobias", "thomas"));
    }
}
