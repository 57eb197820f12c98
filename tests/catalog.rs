//! `catalog check`, `list` and `show` on the example catalog.

use crate::util::Fixture;

#[test]
fn example_catalog_is_valid() {
    let f = Fixture::new();
    f.with_examples();
    let out = f.run(&["catalog", "check"]);
    out.expect_code(0);
    assert_cli_snapshot!("catalog_check_example", out);
}
