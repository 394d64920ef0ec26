#pragma once
// The Go build ID of the executable a core was dumped from, read out of the
// core alone: the kernel and gcore dump the first page of every ELF
// mapping, and Go writes its build ID note there. Lets an archive of cores
// be paired with a folder of executables without trusting file names.
#include <optional>
#include <string>

namespace gf {

class ElfCore;

struct CoreExecutable {
  std::string path;      // as NT_FILE names it (may not exist on this machine)
  std::string build_id;  // empty when the page was not dumped
};

// nullopt when the core names no mapping at its entry point.
std::optional<CoreExecutable> ExecutableOfCore(const ElfCore& core);

}  // namespace gf
