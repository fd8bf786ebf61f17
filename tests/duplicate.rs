//! End-to-end tests of duplicate detection through the `garbled` command.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const ORCHARD: &str = "The village orchard was planted by the parish council in the spring after the great storm.
Volunteers carried two hundred young trees up the hill in wheelbarrows, and the school children painted a label for every one of them.
Most of the trees are old local varieties of apple and pear that had almost disappeared from the valley.
The first harvest came four years later and was pressed into juice at the farm beside the church.
Since then the orchard has held a fair every October, with music, a cider tent and a competition for the longest unbroken peel.
The council says the money raised each year pays for new trees, for the hedges along the lane and for a bench at the top of the slope.
Last winter a hard frost killed eleven of the oldest trees, and the volunteers have asked neighbours to adopt a sapling in their place.
Anyone who wants to help can leave their name at the post office before the end of the month.";

const FERRY: &str = "The ferry between the two islands will stop running for six weeks while its engines are replaced.
Islanders who need to reach the mainland for hospital appointments will be carried on a chartered fishing boat instead.
The operator said the old engines had broken down nine times since January and could no longer be repaired at sea.
Shopkeepers on the smaller island are worried that deliveries of fresh food will be delayed during the busiest weeks of the year.
A temporary timetable has been posted at both harbours and on the notice board outside the community hall.
The new engines are expected to cut fuel use by a third and to make the crossing ten minutes shorter.";

const LIBRARY: &str = "The town library reopened on Saturday after a year of building work that doubled the size of the reading room.
A glass roof now lets daylight fall on the long tables where students used to work under flickering lamps.
The local history collection, which had been stored in a damp cellar for decades, has moved to a dry room on the first floor.
Librarians spent the summer cleaning and cataloguing thousands of photographs, maps and parish records.
Children queued from early morning for the story hour, and the café ran out of cakes before lunch.
The mayor thanked the builders and the hundreds of residents who had signed the petition that saved the library from closure.";

fn garbled() -> Command {
    Command::cargo_bin("garbled").expect("binary")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn json(args: &[&str]) -> Value {
    let out = garbled().args(args).output().expect("run");
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

/// (other file name, kind, similarity).
type Dup = (String, String, f64);

/// (file name, its duplicates) for every file.
fn dups(v: &Value) -> Vec<(String, Vec<Dup>)> {
    let name = |p: &str| Path::new(p).file_name().unwrap().to_string_lossy().into_owned();
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let d = f["duplicates"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    (
                        name(d["path"].as_str().unwrap()),
                        d["kind"].as_str().unwrap().to_string(),
                        d["similarity"].as_f64().unwrap(),
                    )
                })
                .collect();
            (name(f["path"].as_str().unwrap()), d)
        })
        .collect()
}

fn file<'a>(v: &'a Value, suffix: &str) -> &'a Value {
    v["files"].as_array().unwrap().iter().find(|f| f["path"].as_str().unwrap().ends_with(suffix)).unwrap()
}

fn repost() -> String {
    format!(
        "Village news | Events | Contact\n\nOrchard fair returns\n\n{ORCHARD}\n\n12 comments\n\n\
         Margaret says:\nWe went last year and the juice was wonderful, the children loved the music.\n\n\
         Tom says:\nIs there parking near the church or should we walk up from the station?\n\n\
         Ann says:\nThe peel competition is harder than it looks, my record is still only forty centimetres.\n\n\
         Share this page: email, print\n"
    )
}

#[test]
fn a_reposted_article_and_its_original_report_each_other_as_contained() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a_orchard.txt", ORCHARD);
    write(dir.path(), "b_repost.txt", &repost());
    write(dir.path(), "c_ferry.txt", FERRY);
    let v = json(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    let d = dups(&v);
    assert_eq!(d[0].1.len(), 1);
    assert_eq!((d[0].1[0].0.as_str(), d[0].1[0].1.as_str()), ("b_repost.txt", "contained"));
    assert!(d[0].1[0].2 >= 0.95);
    assert_eq!((d[1].1[0].0.as_str(), d[1].1[0].1.as_str()), ("a_orchard.txt", "contained"));
    assert!(d[2].1.is_empty());
    // Findings point at the matching lines of each file and lower the duplicate score.
    let repost = file(&v, "b_repost.txt");
    let f: Vec<&Value> =
        repost["findings"].as_array().unwrap().iter().filter(|f| f["category"] == "duplicate").collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["rule"], "contained");
    assert_eq!((f[0]["line"].as_u64(), f[0]["end_line"].as_u64()), (Some(5), Some(12)));
    assert!(f[0]["message"].as_str().unwrap().contains("a_orchard.txt"));
    // The finding quotes the lines it points at (cut to 200 characters).
    let text = f[0]["text"].as_str().unwrap();
    assert!(text.starts_with("The village orchard was planted") && text.ends_with('…'), "{text}");
    let orig = file(&v, "a_orchard.txt");
    assert!(orig["categories"]["duplicate"].as_u64().unwrap() < 30, "{}", orig["categories"]);
    assert!(repost["categories"]["duplicate"].as_u64().unwrap() > orig["categories"]["duplicate"].as_u64().unwrap());
    assert_eq!(file(&v, "c_ferry.txt")["categories"]["duplicate"], 100);
}

#[test]
fn an_edited_copy_is_a_near_duplicate_and_a_spun_copy_is_spun() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", FERRY);
    let edited = FERRY
        .replace("six weeks", "seven weeks")
        .replace("Shopkeepers on the smaller island", "Shop owners on the small island");
    write(dir.path(), "b.txt", &edited);
    let spun = LIBRARY
        .replace("reopened", "reopened its doors")
        .replace("building work", "construction")
        .replace("doubled", "multiplied")
        .replace("daylight", "sunlight")
        .replace("students", "pupils")
        .replace("damp", "moist")
        .replace("decades", "ages")
        .replace("cleaning", "washing")
        .replace("photographs", "pictures")
        .replace("queued", "lined up")
        .replace("thanked", "praised")
        .replace("residents", "inhabitants")
        .replace("closure", "shutting");
    write(dir.path(), "c.txt", LIBRARY);
    write(dir.path(), "d.txt", &spun);
    let d = dups(&json(&["check", "--format", "json", dir.path().to_str().unwrap()]));
    assert_eq!(d[0].1, vec![("b.txt".to_string(), "near-duplicate".to_string(), d[0].1[0].2)]);
    assert!(d[0].1[0].2 > 0.6);
    assert_eq!(d[2].1.len(), 1);
    assert_eq!((d[2].1[0].0.as_str(), d[2].1[0].1.as_str()), ("d.txt", "spun-copy"));
    assert_eq!(d[3].1[0].1, "spun-copy");
}

#[test]
fn output_is_the_same_for_any_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    for (i, t) in [ORCHARD, FERRY, LIBRARY].iter().enumerate() {
        write(dir.path(), &format!("{i}.txt"), t);
        write(dir.path(), &format!("{i}_copy.txt"), &format!("{t}\nReposted with permission.\n"));
    }
    write(dir.path(), "repost.txt", &repost());
    let p = dir.path().to_str().unwrap();
    let one = garbled().args(["check", "--format", "json", "-j", "1", p]).output().unwrap().stdout;
    let two = garbled().args(["check", "--format", "json", "-j", "2", p]).output().unwrap().stdout;
    assert_eq!(one, two);
    // 0.txt: its copy with a line appended, and the repost.
    assert_eq!(dups(&serde_json::from_slice(&one).unwrap())[0].1.len(), 2);
}

#[test]
fn kinds_left_out_of_dup_count_cost_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ORCHARD);
    write(dir.path(), "b.txt", ORCHARD);
    let p = dir.path().to_str().unwrap();
    let v = json(&["check", "--format", "json", "--dup-count", "contained,spun-copy", p]);
    let a = file(&v, "a.txt");
    assert_eq!(a["duplicates"][0]["kind"], "near-duplicate");
    assert_eq!(a["duplicates"][0]["similarity"], 1.0);
    assert_eq!(a["findings"][0]["severity"], "info");
    assert_eq!(a["categories"]["duplicate"], 100);
    let v = json(&["check", "--format", "json", p]);
    assert!(file(&v, "a.txt")["categories"]["duplicate"].as_u64().unwrap() < 20);
    let v = json(&["check", "--format", "json", "--no-duplicates", p]);
    assert!(file(&v, "a.txt")["duplicates"].as_array().unwrap().is_empty());
    let v = json(&["check", "--format", "json", "--dup-threshold", "1", "--dup-count", "none", p]);
    assert_eq!(file(&v, "a.txt")["duplicates"][0]["kind"], "near-duplicate");
}

#[test]
fn against_an_index_or_a_directory_reports_only_the_checked_files() {
    let dir = tempfile::tempdir().unwrap();
    let coll = dir.path().join("collection");
    std::fs::create_dir(&coll).unwrap();
    write(&coll, "orchard.txt", ORCHARD);
    write(&coll, "orchard_again.txt", ORCHARD); // a duplicate inside the collection
    write(&coll, "library.txt", LIBRARY);
    let new = dir.path().join("new");
    std::fs::create_dir(&new).unwrap();
    write(&new, "repost.txt", &repost());
    write(&new, "ferry.txt", FERRY);
    let idx = dir.path().join("coll.idx");
    garbled().args(["index", "build", coll.to_str().unwrap(), "--out", idx.to_str().unwrap()]).assert().success();
    for against in [idx.to_str().unwrap(), coll.to_str().unwrap()] {
        let v = json(&["check", "--format", "json", "--against", against, new.to_str().unwrap()]);
        let d = dups(&v);
        assert_eq!(d.len(), 2, "only the checked files are reported");
        assert!(d[0].1.is_empty(), "{:?}", d[0]);
        let names: Vec<&str> = d[1].1.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, vec!["orchard.txt", "orchard_again.txt"]);
        assert!(d[1].1.iter().all(|x| x.1 == "contained" && x.2 > 0.95));
    }
    // One file alone, as JSON lines: against the collection it is a copy; alone it has
    // nothing to be a copy of (and builds no signature).
    let one = new.join("repost.txt");
    let line = |args: &[&str]| -> serde_json::Value {
        let out = garbled().args(args).output().unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let rec = line(&["check", "--format", "jsonl", "--against", coll.to_str().unwrap(), one.to_str().unwrap()]);
    assert!(rec["categories"]["duplicate"].as_u64().unwrap() < 100, "{rec}");
    let rec = line(&["check", "--format", "jsonl", one.to_str().unwrap()]);
    assert_eq!(rec["categories"]["duplicate"], 100, "{rec}");
    // The shingle size must match the index.
    let out = garbled()
        .args(["check", "--against", idx.to_str().unwrap(), "--dup-shingle", "4", new.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("rebuild it with --dup-shingle 4"));
}

#[test]
fn a_damaged_index_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("x.idx");
    garbled()
        .args(["index", "build", write(dir.path(), "a.txt", ORCHARD).to_str().unwrap(), "--out", idx.to_str().unwrap()])
        .assert()
        .success();
    let mut b = std::fs::read(&idx).unwrap();
    let n = b.len();
    b[n - 5] ^= 0x55;
    std::fs::write(&idx, &b).unwrap();
    let out = garbled()
        .args(["check", "--against", idx.to_str().unwrap(), dir.path().join("a.txt").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("index is corrupt"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn seeds_000_and_001_are_contained_and_nothing_else_matches() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.exists() {
        eprintln!("../shared/seeds not found; skipping");
        return;
    }
    let d = dups(&json(&["check", "--format", "json", seeds.to_str().unwrap()]));
    assert_eq!(d.len(), 5);
    for (name, ds) in &d {
        let want = if name.starts_with("000") {
            Some("001")
        } else if name.starts_with("001") {
            Some("000")
        } else {
            None
        };
        match want {
            Some(w) => {
                assert_eq!(ds.len(), 1, "{name}: {ds:?}");
                assert!(ds[0].0.starts_with(w) && ds[0].1 == "contained" && ds[0].2 >= 0.9, "{name}: {ds:?}");
            }
            None => assert!(ds.is_empty(), "{name}: {ds:?}"),
        }
    }
}
