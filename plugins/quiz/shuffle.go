package quiz

import (
	"encoding/binary"
	"hash/fnv"
	"slices"
)

// choiceOrder returns the indexes of q's choices in the order to show them.
// With shuffling on, choices are sorted by a hash of the seed and their ids
// rather than by a random generator: the order depends only on the stored
// seed, so it survives re-renders, plugin restarts and Go upgrades.
func choiceOrder(q *question, shuffle bool, seed uint32) []int {
	order := make([]int, len(q.Choices))
	for i := range order {
		order[i] = i
	}
	if !shuffle {
		return order
	}
	keys := make([]uint64, len(q.Choices))
	for i, c := range q.Choices {
		h := fnv.New64a()
		h.Write(binary.BigEndian.AppendUint32(nil, seed))
		h.Write([]byte(q.ID + "\x00" + c.ID))
		keys[i] = h.Sum64()
	}
	slices.SortFunc(order, func(a, b int) int {
		switch {
		case keys[a] < keys[b]:
			return -1
		case keys[a] > keys[b]:
			return 1
		}
		return a - b
	})
	return order
}
