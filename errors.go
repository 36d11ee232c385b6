package mlp

import (
	"strconv"
	"unicode/utf8"
)

// plural returns "1 unit" or "n units".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// quoteMax is the most bytes of a bad input that an error message repeats.
const quoteMax = 32

// quote returns s for an error message: Go-quoted, as %q writes it, when s
// has at most quoteMax (32) bytes; otherwise its first 32 bytes at most, cut
// at a rune boundary, quoted, then "…" and the length of s, as in
//
//	"abcdefghijklmnopqrstuvwxyz012345"… (1048576 bytes)
//
// so that a message stays short however long the input it quotes, and
// quoting copies at most 32 bytes of it.
func quote[S string | []byte](s S) string {
	if len(s) <= quoteMax {
		return strconv.Quote(string(s))
	}
	n := quoteMax
	for k := 0; k < utf8.UTFMax-1 && !utf8.RuneStart(s[n]); k++ {
		n-- // s[n] continues a rune that starts before it: cut before that rune
	}
	return strconv.Quote(string(s[:n])) + "… (" + strconv.Itoa(len(s)) + " bytes)"
}
