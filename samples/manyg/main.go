// Command manyg parks many goroutines (flag -n, default 100000) for the
// large-dump benchmark.
//
// Parked at READY (user goroutines only; the runtime's own goroutines are not
// listed). n is split over four patterns in this order, the first n%4
// patterns getting one more than n/4 (n=100000: 25000 each). "state" is the
// status in Go's traceback; "blocked in" is the goroutine's innermost main.*
// function and "created by" the function holding its go statement (three
// creation sites; the receivers and senders come from two go statements in
// the same function). A leak is a goroutine that nothing in the program
// will ever wake.
//
//	count     leak  state Go 1.26 / Go 1.19           blocked in     created by
//	1         no    select (no cases)                 main.main      -
//	n/4       yes   chan receive                      main.receiver  main.spawnChannelWaiters
//	n/4       yes   chan send                         main.sender    main.spawnChannelWaiters
//	n/4       yes   sync.Mutex.Lock / semacquire      main.locker    main.spawnLockWaiters
//	n/4       yes   select                            main.selector  main.spawnSelectWaiters
//
// Total: n+1 goroutines, n of them leaks. All receivers share one unbuffered
// channel, all senders another, all selectors wait on the same two channels;
// main holds the mutex forever. Before READY it prints the line
// "COUNTS receive=R send=S lock=L select=T".
//
// main keeps a 24-hour time.AfterFunc timer (no goroutine) so that the
// runtime's deadlock detector does not fire while every goroutine is parked.
package main

import (
	"flag"
	"fmt"
	"goforensics/samples/internal/park"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

var (
	mu      sync.Mutex
	arrived int64 // goroutines that are about to block
	sink    int
)

func receiver(ch chan int) {
	atomic.AddInt64(&arrived, 1)
	sink += <-ch
}

func sender(ch chan int) {
	atomic.AddInt64(&arrived, 1)
	ch <- 1
}

func locker() {
	atomic.AddInt64(&arrived, 1)
	mu.Lock()
	sink++
	mu.Unlock()
}

func selector(a, b chan int) {
	atomic.AddInt64(&arrived, 1)
	select {
	case v := <-a:
		sink += v
	case v := <-b:
		sink += v
	}
}

func spawnChannelWaiters(receivers, senders int) {
	in, out := make(chan int), make(chan int)
	for i := 0; i < receivers; i++ {
		go receiver(in)
	}
	for i := 0; i < senders; i++ {
		go sender(out)
	}
}

func spawnLockWaiters(n int) {
	for i := 0; i < n; i++ {
		go locker()
	}
}

func spawnSelectWaiters(n int) {
	a, b := make(chan int), make(chan int)
	for i := 0; i < n; i++ {
		go selector(a, b)
	}
}

func main() {
	n := flag.Int("n", 100000, "number of parked goroutines")
	flag.Parse()
	if *n < 0 {
		fmt.Fprintln(os.Stderr, "manyg: -n must not be negative")
		os.Exit(2)
	}
	park.KeepProcessAlive()

	var counts [4]int
	for i := range counts {
		counts[i] = *n / 4
		if i < *n%4 {
			counts[i]++
		}
	}
	mu.Lock()
	spawnChannelWaiters(counts[0], counts[1])
	spawnLockWaiters(counts[2])
	spawnSelectWaiters(counts[3])

	for atomic.LoadInt64(&arrived) < int64(*n) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	runtime.GC()
	fmt.Printf("COUNTS receive=%d send=%d lock=%d select=%d\n", counts[0], counts[1], counts[2], counts[3])
	fmt.Println("READY")
	select {}
}
