//! Shapes of real crates' code (`fixtures/realcode`), every item marked: each compiles
//! as it did unmarked, and each one that can be hooked is patched here from another
//! crate and comes back when the guard drops.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write as _;
use std::time::Duration;

use patchable::patch;
use realcode::*;

#[test]
fn a_lifetime_in_a_where_clause() {
    let items = vec![1, 2, 3];
    assert_eq!(count(&items), 3);
    let guard = patch!(count::<Vec<u8>>).with(|_| 99);
    assert_eq!(count(&vec![1u8]), 99);
    assert_eq!(count(&items), 3, "another instantiation");
    drop(guard);
    assert_eq!(count(&vec![1u8]), 1);
}

#[test]
fn a_lifetime_parameter_in_a_trait_bound() {
    assert_eq!(widths(7usize), 7);
    let guard = patch!(widths::<usize>).with(|width| width * 2);
    assert_eq!(widths(7usize), 14);
    drop(guard);
    assert_eq!(widths(7usize), 7);
}

#[test]
fn an_elided_lifetime_in_a_path() {
    let guard = patch!(quote).with(|s| Cow::Owned(format!("<{s}>")));
    assert_eq!(quote("a b"), "<a b>");
    drop(guard);
    assert_eq!(quote("a b"), "'a b'");
    let _borrowed = patch!(quote).with(|s| Cow::Borrowed(&s[1..]));
    let owned = String::from("xyz");
    assert_eq!(quote(&owned), "yz");
}

#[test]
fn lifetimes_inside_the_return_type() {
    let guard = patch!(words).with(|line| Box::new(line.split(',')));
    assert_eq!(words("a,b c").collect::<Vec<_>>(), ["a", "b c"]);
    drop(guard);
    assert_eq!(words("a,b c").collect::<Vec<_>>(), ["a,b", "c"]);
    let _guard = patch!(greeter).with(|name| Box::new(move || &name[..1]));
    let name = String::from("Ann");
    assert_eq!(greeter(&name)(), "A");
}

#[test]
fn methods_of_an_impl_with_a_lifetime() {
    let options = Options::new(10);
    let guard = patch!(Options::width).with(|_| 1);
    assert_eq!(options.width(), 1);
    drop(guard);
    assert_eq!(options.width(), 10);
    let _guard = patch!(Options::indent).with(|options, indent| Options {
        width: indent.len(),
        ..options
    });
    let indent = String::from("    ");
    assert_eq!(Options::new(1).indent(&indent).width, 4);
    // `new` (and `From<usize>`) name the impl's lifetime in their output only: left as
    // they are, they still work.
    assert_eq!(Options::from(3).width, 3);
}

#[test]
fn associated_types_of_supertraits() {
    let guard = patch!(<Countdown as DoubleEndedIterator>::next_back).returns(Some(7));
    assert_eq!(Countdown(3).next_back(), Some(7));
    drop(guard);
    assert_eq!(Countdown(3).next_back(), Some(2));

    let _guard = patch!(<Countdown as Iterator>::fold::<u32, fn(u32, u32) -> u32>)
        .with(|_, init, _| init + 100);
    assert_eq!(
        Countdown(3).fold(0, (|a, b| a + b) as fn(u32, u32) -> u32),
        100
    );
    assert_eq!(
        Countdown(3).fold(0u64, |a, b| a + u64::from(b)),
        3,
        "another instantiation"
    );

    let mut boxed = Boxed(vec![1]);
    let guard = patch!(<Boxed as std::ops::DerefMut>::deref_mut).with(|boxed| {
        boxed.0.push(9);
        &mut boxed.0
    });
    boxed.push(2);
    drop(guard);
    assert_eq!(*boxed, [1, 9, 2]);

    let _guard = patch!(<str as ToUpper>::to_upper).with(|s| format!("{s}!"));
    assert_eq!("hi".to_upper(), "hi!");
}

#[test]
fn type_parameters_only_the_trait_constrains() {
    let _guard = patch!(<Total as Extend<u8>>::extend::<Vec<u8>>).with(|total, items| {
        total.0 = items.len() as u64 * 1000;
    });
    let mut total = Total::default();
    total.extend(vec![1u8, 2]);
    assert_eq!(total.0, 2000);
    total.extend(vec![1u32, 2]);
    assert_eq!(total.0, 2003, "another instantiation of the trait");

    let vec2 = Vec2(vec![10, 20, 30]);
    let guard = patch!(<Vec2<i32> as std::ops::Index<usize>>::index).with(|vec2, _| &vec2.0[0]);
    assert_eq!(vec2[2], 10);
    drop(guard);
    assert_eq!(vec2[2], 30);
}

#[test]
fn two_traits_of_one_name_on_one_type() {
    let mut sink = Sink::default();
    let _fmt = patch!(<Sink as std::fmt::Write>::write_str).with(|sink, s| {
        sink.0.extend_from_slice(s.to_uppercase().as_bytes());
        Ok(())
    });
    let _io = patch!(<Sink as std::io::Write>::write).with(|_, buf| Ok(buf.len()));
    sink.write_str("ab").unwrap();
    sink.write_all(b"cd").unwrap();
    assert_eq!(sink.0, b"AB");
}

#[test]
fn trait_impls_whose_self_is_not_a_plain_local_type() {
    let guard = patch!(<Cow<str> as From<Encoded>>::from).with(|e| Cow::Owned(e.0.repeat(2)));
    let text = String::from("ab");
    assert_eq!(Cow::from(Encoded(&text)), "abab");
    drop(guard);
    assert_eq!(Cow::from(Encoded(&text)), "ab");

    let _guard = patch!(<Result<u8, String> as From<Either<String, u8>>>::from).returns(Ok(0));
    assert_eq!(Result::<u8, String>::from(Either::Right(5)), Ok(0));
    assert_eq!(
        Result::<u16, String>::from(Either::Right(5)),
        Ok(5),
        "another instantiation"
    );

    let buf = Buf(vec![1, 2]);
    let guard = patch!(<&Buf<i32> as IntoIterator>::into_iter).with(|buf| buf.0[1..].iter());
    assert_eq!((&buf).into_iter().count(), 1);
    drop(guard);
    assert_eq!((&buf).into_iter().count(), 2);

    let _guard = patch!(<StdDuration as From<Seconds>>::from).returns(Duration::from_secs(1));
    assert_eq!(Duration::from(Seconds(60)), Duration::from_secs(1));
}

#[test]
fn a_method_returning_impl_trait_is_left_as_it_is() {
    let buf = Buf(vec![1u8, 2, 3]);
    assert_eq!(buf.iter().count(), 3);
    let _guard = patch!(Buf::<u8>::sum).returns(0);
    assert_eq!(buf.sum(), 0);
}

#[test]
#[allow(deprecated)]
fn lint_attributes_reach_the_generated_items() {
    let _guard = patch!(<Seconds as From<OldSeconds>>::from).returns(Seconds(5));
    assert_eq!(Seconds::from(OldSeconds(1)), Seconds(5));
    assert_eq!(OldSeconds(2).get().0, 2);
}

#[test]
fn impl_lifetimes_in_invariant_places_and_elided_trait_arguments() {
    let guard = patch!(<Buf<u8> as TryFrom<&[u8]>>::try_from).with(|_| Err(()));
    assert!(Buf::try_from(&[1u8][..]).is_err());
    drop(guard);
    assert_eq!(Buf::try_from(&[1u8][..]).map(|buf| buf.0), Ok(vec![1]));

    let items = [1u8, 2];
    let _next = patch!(<Drain<u8> as Iterator>::next).returns(Some(9));
    assert_eq!(Drain(items.iter()).next(), Some(9));

    let mut outer = Outer(Lexer("a"));
    let _inner = patch!(Outer::inner_mut).with(|outer| {
        outer.0.0 = "patched";
        &mut outer.0
    });
    assert_eq!(outer.inner_mut().0, "patched");

    let mut data = [1, 2, 3];
    let mut slice = &mut data[..];
    let _shrink = patch!(shrink::<i32>).with(|s| s);
    assert_eq!(shrink(&mut slice).len(), 3);

    let buf = Buf(vec![1u8, 2]);
    let _each = patch!(Buf::<u8>::each).with(|buf| buf.0[1..].iter());
    assert_eq!(buf.each().count(), 1);
}

#[test]
fn what_cannot_be_hooked_is_left_as_it_is() {
    let byte = 7u8;
    // SAFETY: `byte` is a live `u8`.
    assert_eq!(unsafe { *deref_raw(&byte) }, 7);
    assert_eq!(call(|| 3), 3);
}

#[test]
fn a_lifetime_in_an_associated_type_binding() {
    assert_eq!(join(["a", "b"]), "a b");
    let _guard = patch!(join::<Vec<String>>).returns(String::new());
    assert_eq!(join(["a", "b"]), "a b", "another instantiation");
}

#[test]
fn names_that_types_take_and_dyn_returns() {
    assert_eq!(f64(), 0.5);
    let _ = token();
    let guard = patch!(logger).with(|| {
        struct Loud;
        impl Log for Loud {
            fn name(&self) -> &str {
                "loud"
            }
        }
        &Loud
    });
    assert_eq!(logger().name(), "loud");
    drop(guard);
    assert_eq!(logger().name(), "nop");

    let _min = patch!(<u8 as Bounded>::min_value).returns(9);
    assert_eq!(<u8 as Bounded>::min_value(), 9);
    assert_eq!(7u8.halve(), 9);
}

#[test]
fn traits_that_cannot_be_marked_are_left_as_they_are() {
    let items = [1u8, 2];
    assert_eq!(Drain(items.iter()).next_back(), Some(2));

    let guard = patch!(<std::ops::RangeFrom<u8> as IndexRange<u8>>::start).returns(Some(9));
    assert_eq!((3u8..).start(), Some(9));
    drop(guard);
    assert_eq!((3u8..).start(), Some(3));

    let _text = patch!(<Lexer as Source>::text).with(|lexer| &lexer.0[1..]);
    let text = String::from("abc");
    assert_eq!(Lexer(&text).text(), "bc");
}

#[test]
fn trait_objects_lifetime_traits_and_projections() {
    let _unit = patch!(<() as Builder>::push).with(|_, text| text.len() * 10);
    let text = String::from("abc");
    assert_eq!(().push(&text), 30);
    assert_eq!(
        Builder::push(&mut String::new(), &text),
        3,
        "another implementing type"
    );

    let _any =
        patch!(<dyn std::fmt::Write as AnyWrite>::write_any).with(|out, _| out.write_str("*"));
    let mut out = String::new();
    (&mut out as &mut dyn std::fmt::Write)
        .write_any("x")
        .unwrap();
    assert_eq!(out, "*");

    assert_eq!(erase(3u8), 3u16);
    let _bytes = patch!(bytes_of).with(|_| Bytes(vec![0]));
    assert_eq!(bytes_of("ab").0, [0]);
}

#[test]
fn an_anonymous_impl_lifetime_with_type_parameters() {
    let items = [1u8, 2, 3];
    let back = patch!(<Union<u8> as DoubleEndedIterator>::next_back).returns(None);
    assert_eq!(Union(items.iter()).next_back(), None);
    assert_eq!(Union(items.iter()).rfold(0, |acc, x| acc + x), 0);
    drop(back);
    assert_eq!(Union(items.iter()).next_back(), Some(2));
    assert_eq!(Union(items.iter()).rfold(0, |acc, x| acc + x), 6);
}

#[test]
fn traits_named_like_the_prelude_ones() {
    use realcode::widen::prelude::*;
    use realcode::widen::{Default as Fallback, Meters};
    assert_eq!(3u8.widen(), 3);
    let guard = patch!(<Meters as realcode::widen::Default>::fallback).returns(Meters(9));
    assert_eq!(Meters::fallback(), Meters(9));
    drop(guard);
    assert_eq!(<Meters as Fallback>::fallback(), Meters(1));
}

#[test]
fn lifetimes_the_output_type_hides() {
    let holders = [Holder(3), Holder(4)];
    let waiter = patch!(Holder::waiter).with(|holder, quick| match quick {
        true => Err(Waiter(&holder.0)),
        false => Ok(Waiter(&holder.0)),
    });
    assert_eq!(holders[0].waiter(true), Err(Waiter(&3)));
    drop(waiter);
    assert_eq!(holders[0].waiter(true), Ok(Waiter(&3)));
    static SEVEN: u32 = 7;
    let first = patch!(first_waiter).returns(Some(Waiter(&SEVEN)));
    assert_eq!(first_waiter(&holders), Some(Waiter(&7)));
    drop(first);
    assert_eq!(first_waiter(&holders), Some(Waiter(&3)));
}

#[test]
fn impl_trait_arguments_are_patched_per_instantiation() {
    use std::path::PathBuf;
    assert_eq!(path_len("abc"), 3);
    let guard = patch!(path_len::<PathBuf>).with(|path| path.as_os_str().len() * 10);
    assert_eq!(path_len(PathBuf::from("abc")), 30);
    assert_eq!(path_len(String::from("abc")), 3, "another instantiation");
    drop(guard);
    assert_eq!(path_len(PathBuf::from("abc")), 3);

    let mut tally = Tally(1);
    let guard = patch!(Tally::add_all::<Vec<u32>>).with(|tally, items| {
        tally.0 = items.len() as u32;
        tally.0
    });
    assert_eq!(tally.add_all(vec![5, 6]), 2);
    assert_eq!(tally.add_all([5, 6]), 13, "another instantiation");
    drop(guard);
    assert_eq!(tally.add_all(vec![1]), 14);

    assert_eq!(owned("a", &1), "a1");
    let guard = patch!(owned::<String, u8>).with(|text, suffix| format!("{suffix}{text}"));
    assert_eq!(owned(String::from("a"), &1u8), "1a");
    assert_eq!(owned("a", &1u8), "a1", "another instantiation");
    drop(guard);
    assert_eq!(owned(String::from("a"), &1u8), "a1");

    // Left as it is, and callers write what they wrote.
    assert_eq!(parse_as::<u32>("5"), Some(5));
}

#[test]
fn lifetimes_only_an_associated_type_binding_names() {
    // Every instantiation carries a borrow (`Item = &'a mut A`), so none can be patched;
    // marked, both compile and run as written.
    let mut data = [7u8, 1, 7];
    assert_eq!(partition_count(&mut data, |x| *x > 3), 2);
    assert_eq!(data.iter_mut().set_from([4u8, 5]), 2);
    assert_eq!(data, [4, 5, 7]);
    assert_eq!(first_of(&[3u8, 4]), Some(3));
}

#[test]
fn a_marked_trait_with_a_method_that_cannot_be_hooked() {
    let mut seen = 0;
    assert_eq!(Some(4u8).inspect_some(|value| seen = *value), Some(4));
    assert_eq!(seen, 4);

    let guard = patch!(<Option<u8> as Inspect>::has_value).returns(false);
    assert!(!Some(1u8).has_value());
    assert!(!None::<u16>.has_value());
    drop(guard);
    assert!(Some(1u8).has_value());
}

#[test]
fn an_output_that_hides_a_lifetime_it_holds_invariantly() {
    let mut slots = Slots(vec![0, 0]);
    slots.slot_mut(1).expect("a slot").set(5);
    assert_eq!(slots.0, [0, 5]);

    let guard = patch!(Slots::slot_mut).with(|slots, _| slots.slot_mut(0));
    slots.slot_mut(1).expect("a slot").set(7);
    assert_eq!(slots.0, [7, 5]);
    drop(guard);
    assert!(slots.slot_mut(2).is_none());

    let node = Node(vec![Some(1), None, Some(3)]);
    assert_eq!(node.kept().copied().collect::<Vec<_>>(), [1, 3]);
    let guard = patch!(Node::kept).with(|node| {
        let keep: fn(&Option<u8>) -> Option<&u8> = Option::as_ref;
        node.0[2..].iter().filter_map(keep)
    });
    assert_eq!(node.kept().copied().collect::<Vec<_>>(), [3]);
    drop(guard);
    assert_eq!(node.kept().count(), 2);

    let rows = [vec![1, 2], vec![3]];
    assert_eq!(Flat::new(&rows).sum::<u8>(), 6);
    let guard = patch!(Flat::new).with(|rows| Flat::new(&rows[1..]));
    assert_eq!(Flat::new(&rows).sum::<u8>(), 3);
    drop(guard);
    assert_eq!(Flat::new(&rows).count(), 3);
}

#[test]
fn impl_lifetimes_that_bound_each_other() {
    let words = ["a", "b", "c"];
    assert_eq!(Words::new(&words).next_back(), Some("c"));

    let guard = patch!(<Words as Iterator>::next).returns(Some("x"));
    assert_eq!(Words::new(&words).next(), Some("x"));
    drop(guard);
    assert_eq!(Words::new(&words).next(), Some("a"));
}

#[test]
fn a_fn_named_like_a_module_it_imports_from_std() {
    assert_eq!(realcode::hashing::hash(&[1, 2, 3]), 6);
}

#[test]
fn an_impl_trait_argument_in_parentheses() {
    assert_eq!(text_of("abc"), "abc");
    let guard = patch!(text_of::<str>).with(|s| &s[1..]);
    assert_eq!(text_of("abc"), "bc");
    assert_eq!(text_of(&String::from("abc")), "abc");
    drop(guard);
    assert_eq!(text_of("abc"), "abc");
}

#[test]
fn a_projection_through_an_impl_lifetime_is_left_as_it_is() {
    assert_eq!((-&Ordered(2i32)).0, -2);
}

#[test]
fn a_projection_on_self_behind_an_alias_is_left_as_it_is() {
    use realcode::stream::{Bytes, Eoi, SliceStream, StreamOnce};
    let mut stream = SliceStream(&[1, 2][..]);
    assert_eq!(stream.uncons(), Ok(&1));
    assert!(!stream.is_partial());
    assert_eq!((stream.uncons(), stream.uncons()), (Ok(&2), Err(Eoi)));
    assert!(stream.is_partial());

    let mut bytes = Bytes(b"ab");
    let guard = patch!(<Bytes as StreamOnce>::uncons)
        .with(|bytes| Err(bytes.0.get(9).map_or(Eoi, |_| Eoi)));
    assert_eq!(bytes.uncons(), Err(Eoi));
    drop(guard);
    assert_eq!(bytes.uncons(), Ok(b'a'));
}

/// pulldown-cmark's binary: `fn pulldown_cmark` beside `use pulldown_cmark::…`. The fn
/// is left as it is (a companion of its name made the import ambiguous, E0659); that the
/// fixture builds with patching on is the test, and the fn still runs as written.
#[test]
fn a_fn_named_like_a_crate_its_module_uses_is_left_as_it_is() {
    assert_eq!(realcode::namesake::patchable("abc"), 3);
}

/// deunicode's doctest: `use deunicode::deunicode;` then `use deunicode::AsciiChars;`. The
/// fn named like its crate is left as it is, so the second import still finds the crate.
mod imports_of_a_fn_named_like_its_crate {
    use realcode::namesake::patchable;
    use realcode::realcode;

    #[test]
    fn leave_the_crate_name_to_the_crate() {
        assert_eq!(realcode("abc"), "ABC");
        assert_eq!(patchable("abc"), 3);
    }
}

#[test]
fn a_fn_and_a_module_of_one_name_are_imported_side_by_side() {
    use realcode::position;
    use realcode::stream::position;
    assert_eq!(position(&realcode::stream::SliceStream(b"ab")), 2);
    assert_eq!(position::SourcePosition { line: 1 }.line, 1);
}

#[test]
fn a_method_bound_on_self_with_an_anonymous_impl_lifetime() {
    let mut items = vec![1, 2, 3];
    let order = Taken(&mut items).fold(String::new(), |text, item| format!("{text}{item}"));
    assert_eq!(order, "321");

    let guard = patch!(<Taken<u8> as Iterator>::next).returns(Some(7));
    let mut bytes = vec![1u8];
    assert_eq!(Taken(&mut bytes).next(), Some(7));
    drop(guard);
    assert_eq!(Taken(&mut bytes).next(), Some(1));
}

#[test]
fn hidden_output_lifetimes_of_methods_with_more_borrowed_inputs() {
    let chunker = Chunker {
        text: "a,b".to_owned(),
        at: 0,
    };
    assert_eq!(chunker.chunk(","), Some(Chunk("a")));
    let guard = patch!(Chunker::chunk).with(|chunker, _| Some(Chunk(&chunker.text[2..])));
    assert_eq!(chunker.chunk(","), Some(Chunk("b")));
    drop(guard);
    assert_eq!(chunker.chunk(","), Some(Chunk("a")));
    let _none = patch!(Chunker::chunk).returns(None);
    assert_eq!(chunker.chunk(","), None);

    let mut cursor = Cursor { text: "xyz" };
    let _chunk = patch!(Cursor::next_chunk).with(|cursor| Some(Ok(Chunk(&cursor.text[1..]))));
    assert_eq!(cursor.next_chunk().map(Result::ok), Some(Some(Chunk("yz"))));

    let mut chunker = Chunker {
        text: String::new(),
        at: 3,
    };
    let _parts = patch!(Chunker::parts).with(|chunker, _| {
        chunker.at += 1;
        (Default::default(), &mut chunker.at)
    });
    assert_eq!(*chunker.parts("").1, 4);

    let chunker = Chunker {
        text: "a,b,c".to_owned(),
        at: 0,
    };
    assert_eq!(chunker.after(Chunk(",")), Some(Chunk("b,c")));
    let after =
        patch!(Chunker::after).with(|chunker, chunk| Some(Chunk(&chunker.text[chunk.0.len()..])));
    assert_eq!(chunker.after(Chunk("a,b,")), Some(Chunk("c")));
    drop(after);
    assert_eq!(chunker.after(Chunk("b")), Some(Chunk(",c")));
}

#[test]
fn a_type_named_like_a_primitive_and_impls_no_glue_can_serve() {
    use realcode::half16::f16;
    assert_eq!(-f16(1), f16(0x8001));
    let guard = patch!(<f16 as std::ops::Neg>::neg).with(|value| value);
    assert_eq!(-f16(1), f16(1));
    drop(guard);
    assert_eq!([f16(1), f16(2)].into_iter().sum::<f16>(), f16(3));

    let mut unit = Unit::<u8>(std::marker::PhantomData);
    assert_eq!(
        <&mut Unit<u8> as Access>::next_word(&mut &mut unit, "word"),
        4
    );
    assert_eq!(unit.take(()), 4);
    let guard = patch!(<Unit<u8> as Take>::name).returns("patched");
    assert_eq!(unit.name(), "patched");
    drop(guard);
    assert_eq!(unit.name(), "unit");
}

#[test]
fn serde_shapes_impl_lifetimes_in_bounds_and_cfg_associated_types() {
    let borrowed = Borrowed("four");
    assert_eq!(borrowed.take(()), 4);
    let guard = patch!(<Borrowed as Take>::name).returns("patched");
    assert_eq!(borrowed.name(), "patched");
    drop(guard);

    assert_eq!(AsEnum(()).unit(), Err("none".to_owned()));

    assert_eq!(Maker.make(), 300);
    let _make = patch!(<Maker as Shape>::make).returns(7);
    assert_eq!(Maker.make(), 7);
}

#[test]
fn a_trait_named_like_its_derive() {
    use realcode::ser::{Record, Serialize};
    assert_eq!(realcode::both_names::text_of(true), "true");
    let guard = patch!(<Record as Serialize>::to_text).returns("patched".to_owned());
    assert_eq!(Record(1).to_text(), "patched");
    drop(guard);
    assert_eq!(Record(1).to_text(), "record 1");
}

#[test]
fn conditions_and_records_see_mut_arguments_however_spelled() {
    use realcode::views::{named_lifetime, wrapped};
    let bumps = patch!(named_lifetime::bump)
        .record(|counter, by| (**counter, *by))
        .when(|_, by| *by > 1)
        .returns(0);
    let mut counter = 1;
    assert_eq!(named_lifetime::bump(&mut counter, 1), 2);
    assert_eq!(named_lifetime::bump(&mut counter, 5), 0);
    assert_eq!(bumps.records(), [(2, 5)]);
    let _parenthesized = patch!(wrapped::bump_parenthesized)
        .when(|counter| **counter > 2)
        .returns(9);
    let _grouped = patch!(wrapped::bump_grouped)
        .record(|counter| **counter)
        .spy();
    assert_eq!(wrapped::bump_parenthesized(&mut counter), 3);
    assert_eq!(wrapped::bump_parenthesized(&mut counter), 9);
    assert_eq!(wrapped::bump_grouped(&mut counter), 4);
    assert_eq!(_grouped.records(), [3]);
}

#[test]
fn a_marked_trait_with_a_defaulted_parameter_is_patched_through_the_type() {
    use realcode::crates6::{Offset, Position};
    let guard = patch!(<Position as Offset>::offset_from).returns(99);
    assert_eq!(Position(5).offset_from(&Position(2)), 99);
    drop(guard);
    assert_eq!(Position(5).offset_from(&Position(2)), 3);
    // The impl for another crate's type is left as it is, and works.
    assert_eq!("abc".offset_from(&"c"), 2);
}

#[test]
fn a_marked_trait_method_whose_lifetime_only_its_output_names_is_left_as_it_is() {
    use realcode::crates6::{Entry, Pointable};
    assert_eq!(<Entry as Pointable>::deref(1).0, 20);
    let _guard = patch!(<Entry as Pointable>::size).returns(5);
    assert_eq!(Entry(0).size(), 5);
}

#[test]
fn items_that_allow_a_deprecated_trait_are_patched_without_its_warning() {
    use realcode::crates6::{Atomic, Swap, compare_and_set, compare_and_set_weak};
    let _method = patch!(Atomic::compare_and_set::<u8>).returns(false);
    let _free = patch!(compare_and_set::<u8>).returns(false);
    let _weak = patch!(compare_and_set_weak::<u8>).returns(true);
    let _swap = patch!(<Atomic as Swap>::swap::<u8>).returns(false);
    assert!(!Atomic.compare_and_set(1u8));
    assert!(!compare_and_set(1u8));
    assert!(compare_and_set_weak(1u8));
    assert!(!Atomic.swap(1u8));
}

#[test]
fn a_default_fn_behind_a_feature_that_is_off_is_kept_as_it_is() {
    use realcode::crates6::{Atomic, Hash};
    let guard = patch!(<Atomic as Hash>::hash_as_u64).returns(1);
    assert_eq!(Atomic.hash_as_u64(), 1);
    drop(guard);
    assert_eq!(Atomic.hash_as_u64(), 7);
}

#[test]
fn a_fn_named_like_its_type_parameter_is_left_as_it_is() {
    assert_eq!(realcode::crates6::B(&[1u8, 2]), [1, 2]);
}

#[test]
fn an_impl_of_a_trait_named_like_a_macro_is_patched_through_the_type() {
    use realcode::crates6::{Adjacency, Graph};
    let guard = patch!(<Graph as Adjacency>::is_adjacent).with(|_, a, b| a == b);
    assert!(Graph.is_adjacent(3, 3));
    drop(guard);
    assert!(Graph.is_adjacent(3, 4));
}

#[test]
fn an_output_that_hides_the_lifetime_of_a_fn_type_alias_is_patched_with_with() {
    use realcode::crates6::projection;
    fn first(x: &u8) -> &u8 {
        x
    }
    let _guard = patch!(projection).with(|_| first);
    assert_eq!(projection(&1)(&2), &2);
}

#[test]
fn lifetimes_held_only_through_a_traits_projections() {
    use realcode::projected::{Bits, Const, Domain};
    let bits = Bits(vec![1, 2, 3]);
    assert_eq!(bits.covered(), 3);
    assert!(bits.domain().is_whole());
    assert_eq!(Domain::<Const, u8>::new(&[7u8][..]).region(), [7]);

    // Its type hides a lifetime it holds invariantly: `.with`, not `.returns`.
    let guard = patch!(Bits::domain).with(|bits| Domain::new(&bits.0[1..]));
    assert_eq!(bits.covered(), 2);
    drop(guard);
    assert_eq!(bits.covered(), 3);
}

#[test]
fn closures_bound_to_an_impl_lifetime() {
    use realcode::projected::{MapOver, Pair};
    let mut lengths = MapOver::new(|pair: Pair<'_>| pair.0.len());
    assert_eq!(lengths.map("abc"), 3);
}

#[test]
fn a_debug_impl_beside_a_macro_use_crate_that_imports_debug() {
    use realcode::debugged::Ratio;
    assert_eq!(format!("{:?}", Ratio(3, 4)), "3:4");
    let guard = patch!(<Ratio as std::fmt::Debug>::fmt)
        .with(|ratio, f| write!(f, "{}/{}", ratio.0, ratio.1));
    assert_eq!(format!("{:?}", Ratio(3, 4)), "3/4");
    drop(guard);
    assert_eq!(format!("{:?}", Ratio(3, 4)), "3:4");
}

#[test]
fn a_method_an_attribute_makes_const_is_left_as_it_is() {
    use realcode::made_const::{GREETING, SHOUTED, Text, shouted};
    assert_eq!((GREETING, SHOUTED), ("hello", 3));
    assert_eq!(shouted("hey"), 4);
    let text = Text::new("hello");
    let guard = patch!(Text::len).returns(0);
    assert_eq!((text.get(), text.len()), ("hello", 0));
    drop(guard);
    assert_eq!(text.len(), 5);
}

#[test]
fn a_projection_on_a_parameter_bound_through_an_associated_type_of_self() {
    use realcode::consumer::{Copied, Drive, Items};
    let items = [7u8, 8];
    let _guard = patch!(<Items<u8> as Drive>::count).returns(0);
    assert_eq!(Items(&items).count(), 0);
    // `drive` is left as it is, and runs as written.
    assert_eq!(Items(&items).drive(Copied), 7);
}

#[test]
fn a_marked_trait_re_exported_beside_a_derive_of_its_name() {
    use realcode::derive_named::{Flag, FromBytes};
    assert_eq!(Flag::from_byte(1), Flag(true));
    let _flag = patch!(<Flag as FromBytes>::from_byte).with(|byte| Flag(byte == 2));
    assert_eq!(Flag::from_byte(2), Flag(true));
    // The impl for `bool`, another crate's type, is left as it is.
    assert!(bool::from_byte(2));
}

#[test]
fn a_mut_borrow_of_a_trait_object_of_the_borrows_lifetime() {
    use realcode::table_like::{Item, Table};
    let mut item = Item::Table(Table(vec![1]));
    // The replacement hands out a borrow of its argument, as the original does.
    let guard = patch!(Item::as_table_like_mut).with(|item| match item {
        Item::Table(table) => {
            table.0.push(9);
            Some(table)
        }
        Item::None => None,
    });
    if let Some(table) = item.as_table_like_mut() {
        table.push(2);
    }
    drop(guard);
    if let Some(table) = item.as_table_like_mut() {
        table.push(3);
    }
    assert_eq!(item.as_table_like().map(|table| table.len()), Some(4));
    let _shared = patch!(Item::as_table_like).returns(None);
    assert!(item.as_table_like().is_none());
}

#[test]
fn a_trait_method_with_an_inline_unsized_parameter() {
    use realcode::unsized_param::{Collected, Sink};
    let mut sink = Collected::default();
    assert_eq!(sink.put("abc"), 3);
    let guard = patch!(<Collected as Sink>::put::<str>).with(|_sink, value| value.len() * 10);
    assert_eq!((sink.put("abcd"), sink.put(&7u8)), (40, 1));
    drop(guard);
    assert_eq!(sink.put("ab"), 2);
    assert_eq!(sink.0, "abc7ab");
}

#[test]
fn items_under_a_forbid_of_the_lints_on_names_dead_code_and_mut() {
    use realcode::forbidding::{Position, TextPosition, first_line};
    let at = TextPosition { row: 4 };
    assert_eq!(
        (at.to_string(), at.line(), at.advanced(1).row),
        ("5".into(), "5".into(), 5)
    );
    let shown = patch!(<TextPosition as std::fmt::Display>::fmt).with(|_at, f| f.write_str("?"));
    let line = patch!(<TextPosition as Position>::line).returns(String::from("L"));
    let advanced = patch!(TextPosition::advanced).with(|_at, lines| TextPosition { row: lines });
    let first = patch!(first_line).returns(String::from("first"));
    assert_eq!(
        (
            at.to_string(),
            at.line(),
            at.advanced(7).row,
            first_line("a\nb".into())
        ),
        ("?".into(), "L".into(), 7, "first".into())
    );
    drop((shown, line, advanced, first));
    assert_eq!(
        (
            at.to_string(),
            at.advanced(2).row,
            first_line("a\nb".into())
        ),
        ("5".into(), 6, "a".into())
    );
}

#[test]
fn lifetimes_bound_by_a_for_inside_an_argument_type() {
    use realcode::higher_ranked::{First, Parse, apply, joined, parse_with};
    assert_eq!(apply(&|text| text, "abc"), 3);
    let applied = patch!(apply).with(|callback, text| callback(text).len() * 10);
    let parsed = patch!(parse_with).with(|parser, text| parser.parse(text).len() + 100);
    let joined_guard = patch!(joined).with(|callback| callback("x", "y").len() + 1000);
    assert_eq!(apply(&|text| &text[1..], "abc"), 20);
    assert_eq!(parse_with(&First, "abc"), 101);
    assert_eq!(joined(Box::new(|a, _| a)), 1001);
    drop((applied, parsed, joined_guard));
    assert_eq!(
        (apply(&|text| text, "ab"), parse_with(&First, "abc")),
        (2, 1)
    );
    assert_eq!(joined(Box::new(|_, b| &b[..0])), 0);
    assert_eq!(First.parse("xyz"), "x");
}

#[test]
fn a_method_lending_through_a_generic_associated_type_of_a_marked_trait() {
    use realcode::higher_ranked::{Bytes, Lend};
    static NINE: [u8; 1] = [9];
    let bytes = Bytes(vec![1, 2]);
    let guard = patch!(<Bytes as Lend>::lend).with(|_bytes| &NINE[..]);
    assert_eq!(bytes.lend(), &[9]);
    // The trait's default method calls the patched one.
    assert_eq!(bytes.lend_twice(), (&[9][..], &[9][..]));
    drop(guard);
    assert_eq!(bytes.lend(), &[1, 2]);
    let guard = patch!(<Bytes as Lend>::lend).with(|bytes| &bytes.0[1..]);
    assert_eq!(bytes.lend(), &[2]);
    drop(guard);
    // A generic impl's method is left as it is (its bounds on `'a`), and builds.
    let held = realcode::higher_ranked::Held(5u8);
    assert_eq!((held.lend(), held.lend_twice()), (&5, (&5, &5)));
}

#[test]
fn another_crates_type_named_like_one_of_the_crate() {
    use realcode::namesakes_abroad::{Arguments, Custom};
    let guard = patch!(<Arguments as Custom>::custom)
        .with(|arguments| Arguments(format!("patched {arguments}")));
    assert_eq!(
        Arguments::custom(format_args!("{}", 1)),
        Arguments("patched 1".into())
    );
    drop(guard);
    assert_eq!(
        Arguments::custom(format_args!("{}", 2)),
        Arguments("2".into())
    );
}

#[test]
fn a_fn_imported_under_the_name_of_a_module() {
    use realcode::renamed_import::{describe, erase};
    // Built, and calls through the renamed import reach the fn; its own module's unit
    // tests patch it (`fixtures/realcode/src/renamed_import.rs`).
    assert_eq!(
        (describe("x"), erase::KIND),
        ("erased: x".to_owned(), "erased")
    );
}

#[test]
fn a_marked_traits_method_naming_a_projection_alias_in_impls_with_and_without_lifetimes() {
    use realcode::marked_stream::{Cursor, Reset};
    let mut cursor = Cursor(3);
    let guard = patch!(<Cursor as Reset>::checkpoint).returns(7);
    assert_eq!(cursor.checkpoint(), 7);
    // The impl for `&mut I` is left as it is, and calls the patched one.
    assert_eq!(<&mut Cursor as Reset>::checkpoint(&&mut cursor), 7);
    drop(guard);
    assert_eq!(<&mut Cursor as Reset>::checkpoint(&&mut cursor), 3);
}

#[test]
fn a_deref_target_that_is_a_trait_object() {
    use realcode::deref_object::{Report, Shown};
    use std::fmt;
    #[derive(Debug)]
    struct Other;
    impl fmt::Display for Other {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("other")
        }
    }
    impl std::error::Error for Other {}
    static OTHER: Other = Other;
    let report = Report(Box::new(fmt::Error));
    let shown = Shown(Box::new(7u8));
    let reports = patch!(<Report as std::ops::Deref>::deref).with(|_report| &OTHER);
    let shows = patch!(<Shown as std::ops::Deref>::deref).with(|_shown| &OTHER);
    assert_eq!(
        (report.to_string(), format!("{:?}", &*shown)),
        ("other".into(), "Other".into())
    );
    drop((reports, shows));
    assert_eq!(format!("{:?}", &*shown), "7");
}

#[test]
fn another_crates_type_named_like_one_of_the_crate_through_a_module() {
    use realcode::namesakes_abroad::fmt::Converted;
    assert_eq!(Converted::from(format_args!("{}", 3)).0.0, "3");
}

#[test]
fn a_lifetime_held_through_another_types_projection() {
    use realcode::selection::{Holder, Iter, Tree};
    static NINE: u8 = 9;
    let tree = Tree { root: 1 };
    let guard = patch!(Tree::iter).with(|_tree| Iter {
        nodes: Holder(Some(&NINE)),
    });
    assert_eq!(tree.iter().collect::<Vec<_>>(), [&9]);
    drop(guard);
    assert_eq!(tree.iter().collect::<Vec<_>>(), [&1]);
}

#[test]
fn a_marked_trait_named_like_an_alias_its_module_globs() {
    use realcode::ext_glob::Failure;
    use realcode::ext_glob::ext::StdError;
    let guard = patch!(<Failure as StdError>::about).returns("patched".to_string());
    assert_eq!(Failure.about(), "patched");
    drop(guard);
    assert_eq!(Failure.about(), "about failure");
}
