// tracer-leak writes an execution trace (runtime/trace) of a program that
// leaks goroutines over time: every round starts workers whose results
// nobody reads (blocked forever on a channel send), waiters on a channel
// nobody closes (blocked on receive) and in a select, plus goroutines that
// sleep, do pipe I/O and wait on a mutex, then finish. Several GCs run.
// The trace ends with the leaked goroutines still blocked.
//
//	tracer-leak -o trace.out [-rounds 8]
package main

import (
	"flag"
	"fmt"
	"goforensics/samples/internal/tracefile"
	"io"
	"os"
	"runtime"
	"sync"
	"time"
)

var sink [][]byte

// leakyWorker computes a result nobody receives: its send blocks forever.
func leakyWorker(results chan<- int, n int) {
	results <- n * n
}

// waiter waits for a shutdown signal that never comes.
func waiter(done <-chan struct{}) {
	<-done
}

func selecter(a, b <-chan int) {
	select {
	case <-a:
	case <-b:
	}
}

func sleeper(wg *sync.WaitGroup) {
	defer wg.Done()
	time.Sleep(2 * time.Millisecond)
}

func piper(wg *sync.WaitGroup) {
	defer wg.Done()
	r, w, err := os.Pipe()
	if err != nil {
		panic(err)
	}
	go func() {
		w.Write(make([]byte, 4096))
		w.Close()
	}()
	io.Copy(io.Discard, r)
	r.Close()
}

func locker(wg *sync.WaitGroup, mu *sync.Mutex) {
	defer wg.Done()
	mu.Lock()
	time.Sleep(100 * time.Microsecond)
	mu.Unlock()
}

func allocate() {
	for i := 0; i < 200; i++ {
		sink = append(sink, make([]byte, 64<<10))
		if len(sink) > 64 {
			sink = sink[:0]
		}
	}
}

func main() {
	out := flag.String("o", "trace.out", "trace file to write")
	rounds := flag.Int("rounds", 8, "rounds of leaking")
	flag.Parse()
	stop := tracefile.Start(*out)
	done := make(chan struct{})
	never := make(chan int)
	var mu sync.Mutex
	for round := 0; round < *rounds; round++ {
		results := make(chan int)
		for i := 0; i < 5; i++ {
			go leakyWorker(results, i)
		}
		for i := 0; i < 2; i++ {
			go waiter(done)
		}
		go selecter(never, never)
		var wg sync.WaitGroup
		for i := 0; i < 3; i++ {
			wg.Add(3)
			go sleeper(&wg)
			go piper(&wg)
			go locker(&wg, &mu)
		}
		wg.Wait()
		allocate()
		if round%2 == 1 {
			runtime.GC()
		}
		time.Sleep(5 * time.Millisecond)
	}
	stop()
	fmt.Println("READY")
}
