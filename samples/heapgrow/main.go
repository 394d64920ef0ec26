// Command heapgrow builds a heap of known shape and parks with it.
//
// Parked at READY (user goroutines only; the runtime's own goroutines are not
// listed). "state" is the status in Go's traceback, the same for Go 1.19 and
// Go 1.26.
//
//	count  leak  state              blocked in        created by
//	1      no    select (no cases)  main.main         -
//	1      yes   chan receive       main.holdOnStack  main.spawnStackHolder
//
// The heap, all of it reachable from globals:
//
//   - blobs: a map[int][]byte grown to mapEntries entries of 64..4095 bytes.
//   - items: a []item of itemCount structs holding pointers (a *string, a
//     []byte and a *node each): one large object typed by its span.
//   - list: a linked list of listLen main.node, each 576-byte slot large
//     enough for Go 1.22+ to record its type in an allocation header.
//   - keepClosure: a closure capturing a closureBuf-byte buffer.
//   - finalized: a *resource with a finalizer that never runs (it stays
//     reachable).
//
// holdOnStack keeps a 64 KiB array on its own stack while it waits on a
// channel nobody sends to, so the stack has grown to hold it.
//
// Before READY, main prints the counts above as key=value lines (type.NAME=N
// for objects of a known type), then collects and scavenges the heap
// (debug.FreeOSMemory, so the background scavenger has nothing left to
// return before the dump), reads runtime.MemStats once the heap's page
// counts hold still (the background sweeper frees the collection's GC work
// buffers after FreeOSMemory returns) and prints its fields as key=value
// lines without allocating: the heap in the core is the one those numbers
// describe.
//
// main keeps a 24-hour time.AfterFunc timer (no goroutine) so that the
// runtime's deadlock detector does not fire while every goroutine is parked.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"
)

const (
	mapEntries = 3000
	itemCount  = 2000
	listLen    = 5000
	closureBuf = 1 << 20
	stackBuf   = 64 << 10
)

type node struct {
	next  *node
	id    int
	label string
	pad   [64]int // makes the object 544 bytes: above 512, it has a header
}

type item struct {
	name    *string
	payload []byte
	owner   *node
}

type resource struct {
	fd   int
	path string
}

var (
	blobs       = map[int][]byte{}
	items       []item
	list        *node
	keepClosure func() int
	finalized   *resource
	sink        int
	memStats    runtime.MemStats
)

func growMap() {
	for i := 0; i < mapEntries; i++ {
		b := make([]byte, 64+(i*37)%4032)
		b[0] = byte(i)
		blobs[i] = b
	}
}

func buildList() {
	for i := 0; i < listLen; i++ {
		list = &node{next: list, id: i, label: "node"}
	}
}

func buildItems() {
	items = make([]item, itemCount)
	n := list
	for i := range items {
		name := strconv.Itoa(i)
		items[i] = item{name: &name, payload: make([]byte, 16+i%48), owner: n}
		n = n.next
	}
}

func makeClosure() func() int {
	buf := make([]byte, closureBuf)
	for i := range buf {
		buf[i] = byte(i)
	}
	return func() int { return len(buf) + int(buf[7]) }
}

func holdOnStack(ready chan<- struct{}, block <-chan struct{}) {
	var buf [stackBuf]byte
	for i := range buf {
		buf[i] = byte(i)
	}
	ready <- struct{}{}
	<-block
	sink += int(buf[sink%stackBuf])
}

func spawnStackHolder() {
	ready := make(chan struct{})
	go holdOnStack(ready, make(chan struct{}))
	<-ready
}

func makeFinalized() {
	finalized = &resource{fd: 3, path: "/dev/null"}
	runtime.SetFinalizer(finalized, func(r *resource) { sink += r.fd })
}

// appendStat appends "name=value\n" without allocating (out has room).
func appendStat(out []byte, name string, v uint64) []byte {
	out = append(out, name...)
	out = append(out, '=')
	out = strconv.AppendUint(out, v, 10)
	return append(out, '\n')
}

// readSettledMemStats reads MemStats until two reads 10ms apart agree on
// the heap's pages: until then, freed work buffers still move to HeapIdle.
func readSettledMemStats() {
	var idle, released, inuse uint64
	for i := 0; i < 100; i++ {
		time.Sleep(10 * time.Millisecond)
		runtime.ReadMemStats(&memStats)
		m := &memStats
		if m.HeapIdle == idle && m.HeapReleased == released && m.HeapInuse == inuse {
			return
		}
		idle, released, inuse = m.HeapIdle, m.HeapReleased, m.HeapInuse
	}
}

func printMemStats(out []byte) {
	m := &memStats
	for _, s := range []struct {
		name string
		v    uint64
	}{
		{"HeapAlloc", m.HeapAlloc}, {"HeapInuse", m.HeapInuse}, {"HeapObjects", m.HeapObjects},
		{"HeapIdle", m.HeapIdle}, {"HeapReleased", m.HeapReleased}, {"HeapSys", m.HeapSys},
		{"StackInuse", m.StackInuse}, {"Mallocs", m.Mallocs}, {"Frees", m.Frees},
		{"TotalAlloc", m.TotalAlloc}, {"Sys", m.Sys}, {"NumGC", uint64(m.NumGC)},
	} {
		out = appendStat(out, s.name, s.v)
	}
	out = append(out, "READY\n"...)
	os.Stdout.Write(out)
}

func main() {
	time.AfterFunc(24*time.Hour, func() {})

	growMap()
	buildList()
	buildItems()
	keepClosure = makeClosure()
	makeFinalized()
	spawnStackHolder()
	fmt.Printf("map_entries=%d\nitems=%d\nlist_len=%d\ntype.main.node=%d\nclosure_buf=%d\nstack_buf=%d\n",
		len(blobs), len(items), listLen, listLen, closureBuf, stackBuf)
	time.Sleep(100 * time.Millisecond) // holdOnStack parks on <-block

	out := make([]byte, 0, 4096)
	debug.FreeOSMemory()
	readSettledMemStats()
	printMemStats(out)
	select {}
}
