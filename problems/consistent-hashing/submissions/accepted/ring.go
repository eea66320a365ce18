// The ring as a treap ordered by (position, node name); GET is a lower bound that wraps around.
package main

import (
	"bufio"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
)

type node struct {
	pos         uint32
	name        string
	priority    uint32
	left, right *node
}

func fnv(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

// compare orders by position, then by node name (strings compare by bytes).
func compare(pos uint32, name string, t *node) int {
	if pos != t.pos {
		if pos < t.pos {
			return -1
		}
		return 1
	}
	return strings.Compare(name, t.name)
}

type treap struct {
	root *node
	rng  *rand.Rand
}

func rotateRight(t *node) *node {
	l := t.left
	t.left, l.right = l.right, t
	return l
}

func rotateLeft(t *node) *node {
	r := t.right
	t.right, r.left = r.left, t
	return r
}

func (tr *treap) insert(t *node, pos uint32, name string) *node {
	if t == nil {
		return &node{pos: pos, name: name, priority: tr.rng.Uint32()}
	}
	switch c := compare(pos, name, t); {
	case c < 0:
		t.left = tr.insert(t.left, pos, name)
		if t.left.priority > t.priority {
			t = rotateRight(t)
		}
	case c > 0:
		t.right = tr.insert(t.right, pos, name)
		if t.right.priority > t.priority {
			t = rotateLeft(t)
		}
	}
	return t // already there: a set keeps one
}

// merge joins two treaps where every key of a is below every key of b.
func merge(a, b *node) *node {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	if a.priority > b.priority {
		a.right = merge(a.right, b)
		return a
	}
	b.left = merge(a, b.left)
	return b
}

func erase(t *node, pos uint32, name string) *node {
	if t == nil {
		return nil
	}
	switch c := compare(pos, name, t); {
	case c < 0:
		t.left = erase(t.left, pos, name)
	case c > 0:
		t.right = erase(t.right, pos, name)
	default:
		return merge(t.left, t.right)
	}
	return t
}

func lowerBound(t *node, pos uint32, name string) *node {
	var best *node
	for t != nil {
		if compare(pos, name, t) <= 0 {
			best, t = t, t.left
		} else {
			t = t.right
		}
	}
	return best
}

func main() {
	input, _ := io.ReadAll(os.Stdin)
	tokens := strings.Fields(string(input))
	v, _ := strconv.Atoi(tokens[0])
	n, _ := strconv.Atoi(tokens[1])
	ring := treap{rng: rand.New(rand.NewPCG(1, 2))}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for i := range n {
		op, name := tokens[2+2*i], tokens[3+2*i]
		switch {
		case op == "ADD":
			for j := range v {
				ring.root = ring.insert(ring.root, fnv(name+"#"+strconv.Itoa(j)), name)
			}
		case op == "REMOVE":
			for j := range v {
				ring.root = erase(ring.root, fnv(name+"#"+strconv.Itoa(j)), name)
			}
		case ring.root == nil:
			out.WriteString("NONE\n")
		default:
			it := lowerBound(ring.root, fnv(name), "")
			if it == nil {
				it = lowerBound(ring.root, 0, "") // wrap around to the smallest
			}
			out.WriteString(it.name)
			out.WriteByte('\n')
		}
	}
}
