// Command retainzoo builds heap structures of known retained size, each
// kept alive by exactly one GC root, and parks with them: the oracle for
// goforensics' dominator tree (`goforensics retained`).
//
// Parked at READY (user goroutines only), in the table format every sample
// uses:
//
//	count  leak  state              blocked in       created by
//	1      no    select (no cases)  main.main        -
//	1      yes   chan receive       main.holdBuffer  main.main
//
// The structures, and the root that alone retains each:
//
//   - main.mapCache: a global map[string][]byte grown to mapEntries entries
//     of 1..8 KiB values (buckets, overflow buckets, key strings, values).
//   - main.records: a global []record, structs holding pointers (a
//     *string and a []byte each).
//   - main.list: a global linked list of listLen nodes.
//   - main.handlers: a global []func() int, closures each capturing a
//     buffer of its own.
//   - main.interior: a global *byte pointing into the middle of a 3 MiB
//     array, the array's only reference (an interior pointer).
//   - main.guarded: a global *resource (no pointers) with a finalizer; the
//     finalizer's closure captures a 2 MiB buffer, which only the
//     finalizer record keeps alive (the collector scans finalizer records
//     as roots). The resource is 1 MiB: the runtime itself allocates a few
//     KiB during some measurements, noise that must stay under 1%.
//   - the goroutine blocked in main.holdBuffer: a 4 MiB buffer referenced
//     only from its stack while it waits on a channel nobody sends to.
//
// Each structure is built between two runtime.GC calls; the growth of
// MemStats.HeapAlloc between them (live bytes after a full collection and
// sweep) is what it retains. main prints it, per root, before READY:
//
//	retained.global.main.mapCache=N
//	retained.goroutine.main.holdBuffer=N
//	retained.finalizer=N    (finalizer_object=ADDRESS: the object it is attached to)
//
// Nothing else allocates while the structures are measured; the prints come
// after.
package main

import (
	"fmt"
	"runtime"
	"strconv"
	"unsafe"

	"goforensics/samples/internal/park"
)

const (
	mapEntries  = 1500
	recordCount = 4000
	listLen     = 10000
	handlerN    = 16
	handlerBuf  = 192 << 10
	interiorBuf = 3 << 20
	finalBuf    = 2 << 20
	stackBuf    = 4 << 20
)

type record struct {
	name *string
	data []byte
	id   int
}

type lnode struct {
	next    *lnode
	payload [200]byte
}

type resource struct {
	fd  int
	pad [1 << 20]byte
}

var (
	mapCache = map[string][]byte{}
	records  []record
	list     *lnode
	handlers []func() int
	interior *byte
	guarded  *resource
	block    = make(chan struct{})
	sink     int
	stats    runtime.MemStats
	measured []measurement
)

type measurement struct {
	key   string
	bytes uint64
}

// liveHeap collects fully and returns the bytes still allocated.
func liveHeap() uint64 {
	runtime.GC()
	runtime.ReadMemStats(&stats)
	return stats.HeapAlloc
}

// measure records what build leaves alive, under key.
func measure(key string, build func()) {
	before := liveHeap()
	build()
	measured = append(measured, measurement{key, liveHeap() - before})
}

func growMap() {
	for i := 0; i < mapEntries; i++ {
		b := make([]byte, 1024+(i*613)%7168)
		b[0] = byte(i)
		mapCache["key-"+strconv.Itoa(i)] = b
	}
}

func buildRecords() {
	records = make([]record, recordCount)
	for i := range records {
		name := "record-" + strconv.Itoa(i)
		records[i] = record{name: &name, data: make([]byte, 100+i%300), id: i}
	}
}

func buildList() {
	for i := 0; i < listLen; i++ {
		list = &lnode{next: list}
		list.payload[0] = byte(i)
	}
}

func makeHandler(i int) func() int {
	buf := make([]byte, handlerBuf)
	buf[i] = byte(i)
	return func() int { return int(buf[i]) + len(buf) }
}

func buildHandlers() {
	handlers = make([]func() int, handlerN)
	for i := range handlers {
		handlers[i] = makeHandler(i)
	}
}

func buildInterior() {
	arr := make([]byte, interiorBuf)
	interior = &arr[interiorBuf/2]
}

func buildGuarded() {
	guarded = &resource{fd: 3}
}

func attachFinalizer() {
	buf := make([]byte, finalBuf)
	runtime.SetFinalizer(guarded, func(r *resource) { sink += r.fd + int(buf[r.fd]) })
}

// holdBuffer keeps buf on its stack (its slice header in a live stack slot)
// while it waits: the goroutine's stack is buf's only root.
func holdBuffer(ready chan<- struct{}) {
	buf := make([]byte, stackBuf)
	buf[1] = 1
	ready <- struct{}{}
	<-block
	sink += int(buf[sink%stackBuf])
}

func startHolder() {
	ready := make(chan struct{})
	go holdBuffer(ready)
	<-ready
}

func main() {
	park.KeepProcessAlive()
	measure("retained.global.main.mapCache", growMap)
	measure("retained.global.main.records", buildRecords)
	measure("retained.global.main.list", buildList)
	measure("retained.global.main.handlers", buildHandlers)
	measure("retained.global.main.interior", buildInterior)
	measure("retained.global.main.guarded", buildGuarded)
	measure("retained.finalizer", attachFinalizer)
	measure("retained.goroutine.main.holdBuffer", startHolder)
	for _, m := range measured {
		fmt.Printf("%s=%d\n", m.key, m.bytes)
	}
	fmt.Printf("finalizer_object=%d\n", uintptr(unsafe.Pointer(guarded)))
	park.WaitParked(2)
	fmt.Println("READY")
	select {}
}
