// tracer-busy writes an execution trace (runtime/trace) of an
// allocation-heavy program: many short-lived goroutines handing work over
// channels, allocating enough for many GCs. -rounds scales the trace's size
// (about 300 KB per round with Go 1.26).
//
//	tracer-busy -o trace.out [-rounds 20]
package main

import (
	"flag"
	"fmt"
	"goforensics/samples/internal/tracefile"
	"sync"
)

type node struct {
	next *node
	data [6]int64
}

var sink *node

func build(n int) *node {
	var head *node
	for i := 0; i < n; i++ {
		head = &node{next: head}
		head.data[0] = int64(i)
	}
	return head
}

func worker(jobs <-chan int, results chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	for n := range jobs {
		l := build(n)
		s := 0
		for p := l; p != nil; p = p.next {
			s += int(p.data[0])
		}
		results <- s
	}
}

func round() {
	jobs := make(chan int)
	results := make(chan int, 64)
	var wg sync.WaitGroup
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go worker(jobs, results, &wg)
	}
	go func() {
		for i := 0; i < 2000; i++ {
			jobs <- 500 + i%100
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	for s := range results {
		if s < 0 {
			sink = build(1)
		}
	}
}

func main() {
	out := flag.String("o", "trace.out", "trace file to write")
	rounds := flag.Int("rounds", 20, "rounds of work (about 300 KB of trace each)")
	flag.Parse()
	stop := tracefile.Start(*out)
	for i := 0; i < *rounds; i++ {
		round()
	}
	stop()
	fmt.Println("READY")
}
