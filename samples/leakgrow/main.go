// Command leakgrow leaks goroutines in two steps, for `goforensics diff`:
// two snapshots of it (cores and goroutine profiles) differ by what this
// table says, known from the program itself.
//
// "blocked in" is the goroutine's innermost main.* function, "created by"
// the function holding its go statement. Snapshot 1 is taken at READY 1,
// snapshot 2 at READY 2 (after SIGUSR1).
//
//	snapshot 1  snapshot 2  change       state              blocked in        created by
//	10          30          grew +20     chan send          main.sendResult   main.startRequests
//	5           0           disappeared  chan receive       main.awaitReply   main.startWaiters
//	0           6           appeared     sync.Mutex.Lock    main.lockForever  main.startLockers
//	4           4           unchanged    chan receive       main.poolWorker   main.startPool
//
// (sync.Mutex.Lock is printed "semacquire" before Go 1.20.) main and
// os/signal's loop goroutine are there in both.
//
// At each READY the program has already written its own goroutine profiles
// of that moment to OUT/N/: goroutines.pb.gz (proto), goroutines-debug1.txt
// and goroutines-debug2.txt. main writes them, so in the profiles main is
// running, while in a core taken after READY it waits for the signal.
package main

import (
	"flag"
	"fmt"
	"goforensics/samples/internal/park"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"sync"
	"syscall"
)

var sink int

// sendResult delivers a result nobody reads: the caller gave up.
func sendResult(results chan int, v int) {
	results <- v
}

func startRequests(n int) {
	results := make(chan int)
	for i := 0; i < n; i++ {
		go sendResult(results, i)
	}
}

func awaitReply(replies chan int) {
	sink += <-replies
}

func startWaiters(n int, replies chan int) {
	for i := 0; i < n; i++ {
		go awaitReply(replies)
	}
}

var held sync.Mutex

func lockForever() {
	held.Lock()
	sink++
}

func startLockers(n int) {
	for i := 0; i < n; i++ {
		go lockForever()
	}
}

// poolWorker is an idle worker of a pool that main still holds.
func poolWorker(jobs chan int) {
	for j := range jobs {
		sink += j
	}
}

func startPool(n int) chan int {
	jobs := make(chan int)
	for i := 0; i < n; i++ {
		go poolWorker(jobs)
	}
	return jobs
}

func writeProfiles(dir string) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, p := range []struct {
		name  string
		debug int
	}{{"goroutines.pb.gz", 0}, {"goroutines-debug1.txt", 1}, {"goroutines-debug2.txt", 2}} {
		f, err := os.Create(filepath.Join(dir, p.name))
		if err == nil {
			err = pprof.Lookup("goroutine").WriteTo(f, p.debug)
		}
		if err == nil {
			err = f.Close()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

func main() {
	out := flag.String("out", ".", "where the profiles of each snapshot go")
	flag.Parse()
	next := make(chan os.Signal, 1)
	signal.Notify(next, syscall.SIGUSR1)
	park.KeepProcessAlive()

	held.Lock()
	replies := make(chan int)
	startRequests(10)
	startWaiters(5, replies)
	jobs := startPool(4)
	// main, os/signal's loop and the 19 above.
	park.WaitParked(21)
	writeProfiles(filepath.Join(*out, "1"))
	fmt.Println("READY 1")

	<-next
	startRequests(20)
	close(replies)
	startLockers(6)
	park.WaitParked(2 + 30 + 6 + 4)
	writeProfiles(filepath.Join(*out, "2"))
	fmt.Println("READY 2")

	<-next
	close(jobs)
}
