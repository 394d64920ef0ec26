// Command bigheap builds a large heap of mixed, interlinked objects for
// bench/heap.sh: by default over 10 million objects in over 2 GB. Captured
// only when named (samples/capture.sh OUTDIR GO bigheap); -scale multiplies
// every count (SCALE in the capture's environment).
//
// Parked at READY (user goroutines only):
//
//	count  leak  state              blocked in  created by
//	1      no    select (no cases)  main.main   -
//
// The heap: orders (a struct with a string, a []byte payload of 64..1000
// bytes and a *customer), indexed by a map[int64]*order; customers in a
// global []*customer, each with a slice of its recent orders; a random
// graph of small nodes (two pointers each) hanging off a global slice;
// and some multi-megabyte buffers.
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"runtime"
	"strconv"

	"goforensics/samples/internal/park"
)

type customer struct {
	name   string
	recent []*order
	score  float64
}

type order struct {
	id      int64
	ref     string
	payload []byte
	owner   *customer
}

type node struct {
	left, right *node
	weight      [4]int64
}

var (
	orders    = map[int64]*order{}
	customers []*customer
	nodes     []*node
	buffers   [][]byte
)

func main() {
	scale := flag.Float64("scale", 1, "multiplies every count")
	flag.Parse()
	n := func(base int) int { return int(float64(base) * *scale) }
	park.KeepProcessAlive()
	rng := rand.New(rand.NewSource(1))

	customers = make([]*customer, n(230_000))
	for i := range customers {
		customers[i] = &customer{name: "customer-" + strconv.Itoa(i), score: rng.Float64()}
	}
	for i := 0; i < n(2_300_000); i++ {
		c := customers[rng.Intn(len(customers))]
		o := &order{id: int64(i), ref: "order-" + strconv.Itoa(i), payload: make([]byte, 64+rng.Intn(937)), owner: c}
		orders[o.id] = o
		if len(c.recent) < 8 {
			c.recent = append(c.recent, o)
		}
	}
	nodes = make([]*node, n(3_500_000))
	for i := range nodes {
		nodes[i] = &node{weight: [4]int64{int64(i)}}
	}
	for _, x := range nodes {
		x.left = nodes[rng.Intn(len(nodes))]
		if rng.Intn(2) == 0 {
			x.right = nodes[rng.Intn(len(nodes))]
		}
	}
	nodes = nodes[:len(nodes)/2] // the rest stays reachable only through the graph
	for i := 0; i < n(170); i++ {
		buffers = append(buffers, make([]byte, 2<<20))
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Printf("HeapAlloc=%d\nHeapObjects=%d\n", m.HeapAlloc, m.HeapObjects)
	fmt.Println("READY")
	select {}
}
