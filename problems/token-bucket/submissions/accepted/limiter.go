// Milli-tokens in 64-bit integers: refill is exact, no floating point.
package main

import (
	"bufio"
	"io"
	"os"
	"strconv"
	"strings"
)

type bucket struct{ milli, last int64 }

func (b *bucket) refill(t, cap, rate int64) {
	// At most 10^12 ms times 10^6 per second: below 2^63.
	b.milli = min(cap*1000, b.milli+(t-b.last)*rate)
	b.last = t
}

func wait(have, rate int64) int64 {
	need := max(0, 1000-have)
	return (need + rate - 1) / rate
}

func main() {
	input, _ := io.ReadAll(os.Stdin)
	tokens := strings.Fields(string(input))
	num := func(i int) int64 {
		v, _ := strconv.ParseInt(tokens[i], 10, 64)
		return v
	}
	c, r, g, q, n := num(0), num(1), num(2), num(3), int(num(4))
	users := make(map[string]*bucket)
	global := bucket{g * 1000, 0}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for i := range n {
		t, u := num(5+2*i), tokens[6+2*i]
		b, ok := users[u]
		if !ok {
			b = &bucket{c * 1000, t}
			users[u] = b
		}
		b.refill(t, c, r)
		global.refill(t, g, q)
		if b.milli >= 1000 && global.milli >= 1000 {
			b.milli -= 1000
			global.milli -= 1000
			out.WriteString("ALLOW\n")
		} else {
			out.WriteString("DENY ")
			out.WriteString(strconv.FormatInt(max(wait(b.milli, r), wait(global.milli, q)), 10))
			out.WriteByte('\n')
		}
	}
}
