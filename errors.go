package mlp

import "strconv"

// plural returns "1 unit" or "n units".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
