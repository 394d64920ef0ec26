#include "readers/read_error.h"

namespace gf {

ReadError::ReadError(const std::string& source, const std::string& problem)
    : std::runtime_error(source + ": " + problem), source_(source), problem_(problem) {}

}  // namespace gf
