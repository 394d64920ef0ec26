#pragma once
// Arrays over millions of graph nodes, in anonymous mappings of their own,
// so that freeing one gives its memory back to the system at once (malloc
// would keep it) and capacity never written costs nothing. Not huge pages:
// measured on a 2 GB heap, the kernel's zeroing of 2 MiB pages cost more
// system time (0.4-1.1 s) than their fewer TLB misses saved.
//
// MappedVector: a growable array of trivially copyable values that grows in
// place (mremap), for edge lists of unknown length, where std::vector's copy
// on growth would double the peak memory. MappedAllocator: for
// std::vector's of known size.
#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>
#include <type_traits>
#include <utility>

namespace gf {

// Arrays smaller than this come from malloc; mappings grow by at least this.
constexpr size_t kMapChunk = size_t{2} << 20;

inline void* MapAnonymous(size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  return p;
}

// Whether an array of this many bytes gets a mapping of its own (smaller
// ones come from malloc).
constexpr bool Mapped(size_t bytes) { return bytes >= kMapChunk; }

// Small arrays come from the heap, large ones from mappings of their own.
template <typename T>
struct MappedAllocator {
  using value_type = T;
  MappedAllocator() = default;
  template <typename U>
  MappedAllocator(const MappedAllocator<U>&) {}
  T* allocate(size_t n) {
    if (!Mapped(n * sizeof(T))) return std::allocator<T>().allocate(n);
    return static_cast<T*>(MapAnonymous(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) {
    if (!Mapped(n * sizeof(T))) return std::allocator<T>().deallocate(p, n);
    munmap(p, n * sizeof(T));
  }
  template <typename U>
  bool operator==(const MappedAllocator<U>&) const { return true; }
};

template <typename T>
using BigVector = std::vector<T, MappedAllocator<T>>;

// Gives a vector's memory back now (assigning {} would keep its capacity).
template <typename V>
void Release(V& v) {
  V().swap(v);
}

// Gives back, page by page, the memory of an array read once from the
// front while another is built from it, so that the two together take no
// more than the larger: Consume(i) once elements [0, i) will not be read
// again. An array from malloc (small) keeps its memory until released.
template <typename T>
class FrontRelease {
 public:
  explicit FrontRelease(BigVector<T>& v) : v_(v), mapped_(Mapped(v.capacity() * sizeof(T))) {}
  void Consume(size_t count) {
    size_t end = count * sizeof(T) / kMapChunk * kMapChunk;
    if (!mapped_ || end <= released_) return;
    madvise(reinterpret_cast<char*>(v_.data()) + released_, end - released_, MADV_DONTNEED);
    released_ = end;
  }

 private:
  BigVector<T>& v_;
  bool mapped_;
  size_t released_ = 0;
};

template <typename T>
class MappedVector {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  MappedVector() = default;
  MappedVector(const MappedVector&) = delete;
  MappedVector& operator=(const MappedVector&) = delete;
  MappedVector(MappedVector&& o) noexcept { *this = std::move(o); }
  MappedVector& operator=(MappedVector&& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(capacity_, o.capacity_);
    return *this;
  }
  ~MappedVector() {
    if (data_) munmap(data_, capacity_ * sizeof(T));
  }

  void push_back(T v) {
    if (size_ == capacity_) Grow();
    data_[size_++] = v;
  }
  size_t size() const { return size_; }
  // Drops the elements from n on and gives their memory back.
  void resize_down(size_t n) {
    if (n >= size_) return;
    size_ = n;
    size_t keep = (n * sizeof(T) + kMapChunk - 1) / kMapChunk * kMapChunk;
    if (keep < capacity_ * sizeof(T))
      madvise(reinterpret_cast<char*>(data_) + keep, capacity_ * sizeof(T) - keep, MADV_DONTNEED);
  }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }

 private:
  // Doubling costs no memory until written: untouched pages stay unbacked.
  void Grow() {
    size_t capacity = capacity_ ? capacity_ * 2 : kMapChunk / sizeof(T);
    void* p = data_ ? mremap(data_, capacity_ * sizeof(T), capacity * sizeof(T), MREMAP_MAYMOVE)
                    : MapAnonymous(capacity * sizeof(T));
    if (p == MAP_FAILED) throw std::bad_alloc();
    data_ = static_cast<T*>(p);
    capacity_ = capacity;
  }

  T* data_ = nullptr;
  size_t size_ = 0, capacity_ = 0;
};

}  // namespace gf
