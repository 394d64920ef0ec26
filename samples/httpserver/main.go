// Command httpserver serves net/http/pprof on 127.0.0.1 next to a few leaked
// goroutines, for captures of a live process with gcore.
//
// Parked at READY (user goroutines only; the runtime's own goroutines are not
// listed). "state" is the status in Go's traceback, the same for Go 1.19 and
// Go 1.26; "blocked in" is the goroutine's innermost main.* function and
// "created by" the function holding its go statement. A leak is a goroutine
// that nothing in the program will ever wake.
//
//	count  leak  state          blocked in     created by
//	1      no    IO wait        main.main      -      (in net/http.(*Server).Serve, Accept)
//	3      yes   chan receive   main.awaitJob  main.spawnJobWaiters
//
// Total: 4 goroutines between requests, 3 of them leaks. While a request is
// served there are more: its connection's goroutine (net/http.(*conn).serve,
// running the pprof handler) and, for part of the time, that connection's
// background reader. Keep-alives are off, so both end with the response and
// the set above is back once a request is answered.
//
// It prints "ADDR 127.0.0.1:PORT" when listening and "READY" when the
// goroutines are parked, then serves forever (pprof is on
// http.DefaultServeMux under /debug/pprof/).
package main

import (
	"fmt"
	"goforensics/samples/internal/park"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
)

var sink int

func awaitJob(jobs chan int) {
	sink += <-jobs
}

func spawnJobWaiters(n int) {
	jobs := make(chan int)
	for i := 0; i < n; i++ {
		go awaitJob(jobs)
	}
}

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "listen:", err)
		os.Exit(1)
	}
	fmt.Printf("ADDR %s\n", ln.Addr())

	spawnJobWaiters(3)

	park.WaitParked(4)
	runtime.GC()
	fmt.Println("READY")

	srv := &http.Server{Handler: http.DefaultServeMux}
	srv.SetKeepAlivesEnabled(false)
	err = srv.Serve(ln)
	fmt.Fprintln(os.Stderr, "serve:", err)
	os.Exit(1)
}
