// Command inlined parks goroutines inside inlined calls, closures, methods
// and a generic function.
//
// Parked at READY (user goroutines only; the runtime's own goroutines are not
// listed). "state" is the status in Go's traceback, the same for Go 1.19 and
// Go 1.26; "frames" lists the goroutine's main.* frames innermost first
// (inlined ones included) and "created by" the function holding its go
// statement. A leak is a goroutine that nothing in the program will ever wake.
//
//	count  leak  state              frames, innermost first (the go statement's wrapper left out)      created by
//	1      no    select (no cases)  main.main                                                          -
//	1      yes   chan receive       main.waitOn (inlined) <- main.worker                               main.spawnWorkers
//	1      yes   chan receive       main.waitOn (inlined) <- main.fetch (inlined) <- main.deepWorker   main.spawnWorkers
//	1      yes   chan receive       main.waitOn (inlined) <- main.(*server).loop                       main.spawnServers
//	1      yes   chan receive       main.ticket.await                                                  main.spawnServers
//	1      yes   chan receive       main.spawnClosures.func1                                           main.spawnClosures
//	1      yes   chan receive       main.spawnClosures.func2.1 (inlined) <- main.spawnClosures.func2   main.spawnClosures
//	1      yes   chan receive       main.spawnClosures.func3                                           main.spawnClosures
//	1      yes   chan receive       main.spawnClosures.func3.1                                         main.spawnClosures.func3
//	1      yes   chan receive       main.drain[...] (T int)                                            main.spawnDrains
//	1      yes   chan receive       main.drain[...] (T string)                                         main.spawnDrains
//
// Total: 11 goroutines, 10 of them leaks.
//
// A go statement with arguments runs through a compiler-made wrapper that
// is the outermost main.* frame: main.spawnWorkers.func1, func2, ... in
// Go 1.19 (with worker a real frame above it), main.spawnWorkers.gowrap1,
// gowrap2, ... in Go 1.26 (with worker inlined into it). The closures are
// named main.spawnClosures.func1, func2 (calling func2.1, inlined), func3
// and func3.1 in both versions; they capture the channel "done" and the
// string "label". Nothing ever sends on or closes any of the channels.
//
// main keeps a 24-hour time.AfterFunc timer (no goroutine) so that the
// runtime's deadlock detector does not fire while every goroutine is parked.
package main

import (
	"fmt"
	"goforensics/samples/internal/park"
	"runtime"
)

var (
	sink    int
	sinkStr string
)

// waitOn is small: the compiler inlines it into its callers.
func waitOn(ch chan int) int {
	return <-ch
}

// fetch is small too: inlined into deepWorker, with waitOn inlined into it.
func fetch(ch chan int) int {
	return waitOn(ch) + 1
}

func worker(ch chan int) {
	sink = waitOn(ch)
}

func deepWorker(ch chan int) {
	sink = fetch(ch)
}

type server struct {
	reqs    chan int
	handled int
}

func (s *server) loop() {
	for {
		s.handled += waitOn(s.reqs)
	}
}

type ticket struct {
	ch chan string
}

func (t ticket) await() {
	sinkStr = <-t.ch
}

func drain[T any](ch chan T) {
	var last T
	for v := range ch {
		last = v
	}
	_ = last
}

func spawnWorkers() {
	a, b := make(chan int), make(chan int)
	go worker(a)
	go deepWorker(b)
}

func spawnServers() *server {
	s := &server{reqs: make(chan int)}
	go s.loop()
	t := ticket{ch: make(chan string)}
	go t.await()
	return s
}

func spawnClosures() {
	done := make(chan int)
	label := "closure"
	go func() {
		v := <-done
		sinkStr = label
		sink = v
	}()
	go func() {
		inner := func() int {
			return <-done
		}
		sink = inner()
		sinkStr = label
	}()
	go func() {
		go func() {
			sink = <-done
			sinkStr = label
		}()
		sink = <-done
	}()
}

func spawnDrains() {
	go drain(make(chan int))
	go drain(make(chan string))
}

var servers []*server

func main() {
	park.KeepProcessAlive()

	spawnWorkers()
	servers = append(servers, spawnServers())
	spawnClosures()
	spawnDrains()

	park.WaitParked(11)
	runtime.GC()
	fmt.Println("READY")
	select {}
}
