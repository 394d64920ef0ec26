// Command leakzoo parks goroutines in the blocking-bug shapes of real Go
// programs (the kinds collected by studies of Go concurrency bugs, such as
// GoBench's blocking kernels; written here from the bug descriptions), next
// to goroutines that look blocked but are not leaks.
//
// Parked at READY (user goroutines only), in the table format every sample
// uses: "leak" is no, yes, or proven (a leak that nothing able to run can
// reach, so an analysis of the heap graph can prove it); "blocked in" is the
// innermost main.* function, "created by" the function holding the go
// statement.
//
//	count  leak    state                blocked in          created by
//	1      no      sleep                main.main           -
//	3      proven  chan send            main.sendResult     main.requestWithTimeout
//	2      proven  chan receive         main.drainUnclosed  main.startPipeline
//	1      proven  sync.Mutex.Lock      main.lockAThenB     main.startTransfer
//	1      proven  sync.Mutex.Lock      main.lockBThenA     main.startTransfer
//	1      proven  sync.WaitGroup.Wait  main.waitAll        main.startBatch
//	2      proven  sync.Cond.Wait       main.waitReady      main.startGate
//	1      proven  sync.Mutex.Lock      main.(*cache).bump  main.main
//	2      proven  chan receive         main.awaitCancel    main.startWatchers
//	1      yes     chan receive         main.readGlobal     main.main
//	4      no      chan receive         main.worker         main.main
//	1      no      chan receive         main.tick           main.main
//	1      no      IO wait              main.serve          main.main
//
// The shapes: a result sent after the caller gave up on it (timeout); a
// range over a channel the producer never closes; a lock-order deadlock
// (two goroutines, two mutexes); a WaitGroup whose counter one worker never
// decrements; a Cond nobody signals; a mutex locked twice by one goroutine;
// contexts whose cancel function was dropped; a receive on a global channel
// nobody sends on (a leak, but globals keep the channel reachable, so not
// provable). Not leaks: an idle worker pool whose jobs channel main's live
// loop holds, a ticker loop main will stop, a server's accept loop.
//
// Go 1.19 names no sync wait: its mutex, WaitGroup and Cond waiters show
// "semacquire" or "sync.Cond.Wait".
//
// It prints "READY" when every goroutine is parked; main then loops,
// sleeping, until the capture's signal.
package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"sync"
	"time"

	"goforensics/samples/internal/park"
)

var sink int

// global is reachable from the data segment forever: a leak on it cannot be
// proven from the heap graph.
var global = make(chan int)

func sendResult(out chan int, v int) {
	time.Sleep(20 * time.Millisecond) // slower than the caller's patience
	out <- v                          // the caller stopped listening
}

// requestWithTimeout starts a worker and waits for it only briefly.
func requestWithTimeout(v int) {
	out := make(chan int)
	go sendResult(out, v)
	select {
	case r := <-out:
		sink += r
	case <-time.After(time.Millisecond):
	}
}

func drainUnclosed(in chan int) {
	for v := range in {
		sink += v
	}
}

func startPipeline() {
	in := make(chan int)
	go drainUnclosed(in)
	go drainUnclosed(in)
	in <- 1 // the producer forgets close(in)
}

type account struct {
	mu      sync.Mutex
	balance int
}

func lockAThenB(a, b *account, ready *sync.WaitGroup) {
	a.mu.Lock()
	ready.Done()
	ready.Wait()
	b.mu.Lock()
	a.balance, b.balance = b.balance, a.balance
}

func lockBThenA(a, b *account, ready *sync.WaitGroup) {
	b.mu.Lock()
	ready.Done()
	ready.Wait()
	a.mu.Lock()
	a.balance, b.balance = b.balance, a.balance
}

func startTransfer() {
	a, b := &account{}, &account{}
	ready := &sync.WaitGroup{}
	ready.Add(2)
	go lockAThenB(a, b, ready)
	go lockBThenA(a, b, ready)
}

func waitAll(wg *sync.WaitGroup) {
	wg.Wait()
}

func startBatch() {
	wg := &sync.WaitGroup{}
	wg.Add(3)
	for i := 0; i < 3; i++ {
		go func(i int) {
			if i == 2 {
				return // an error path that skips Done
			}
			wg.Done()
		}(i)
	}
	go waitAll(wg)
}

type gate struct {
	mu    sync.Mutex
	cond  *sync.Cond
	ready bool
}

func waitReady(g *gate) {
	g.mu.Lock()
	for !g.ready {
		g.cond.Wait()
	}
	g.mu.Unlock()
}

func startGate() {
	g := &gate{}
	g.cond = sync.NewCond(&g.mu)
	go waitReady(g)
	go waitReady(g)
}

type cache struct {
	mu sync.Mutex
	n  int
}

func (c *cache) bump() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

func relock(c *cache) {
	c.mu.Lock()
	c.bump() // takes c.mu again
	c.mu.Unlock()
}

func awaitCancel(ctx context.Context) {
	<-ctx.Done()
}

func startWatchers() {
	for i := 0; i < 2; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		_ = cancel // dropped: nobody will ever cancel ctx
		go awaitCancel(ctx)
	}
}

func readGlobal() {
	sink += <-global
}

func worker(jobs chan int) {
	for j := range jobs {
		sink += j
	}
}

func tick(t *time.Ticker) {
	for range t.C {
		sink++
	}
}

func serve(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		c.Close()
	}
}

func main() {
	park.KeepProcessAlive()

	for i := 0; i < 3; i++ {
		requestWithTimeout(i)
	}
	startPipeline()
	startTransfer()
	startBatch()
	startGate()
	go relock(&cache{})
	startWatchers()
	go readGlobal()

	jobs := make(chan int)
	for i := 0; i < 4; i++ {
		go worker(jobs)
	}
	ticker := time.NewTicker(time.Hour)
	go tick(ticker)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "listen:", err)
		os.Exit(1)
	}
	go serve(ln)

	park.WaitParked(21)
	fmt.Println("READY")
	// main stays live and holds jobs and ticker: the workers and the ticker
	// loop can still be woken.
	for i := 1; ; i++ {
		time.Sleep(10 * time.Millisecond)
		if i%1000000007 == 0 {
			jobs <- i
			ticker.Stop()
		}
	}
}
