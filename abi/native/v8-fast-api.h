// cbridge's own declarations of V8's fast API call types.
//
// Node does not install v8-fast-api-calls.h (nodejs/node#43619), but the node binary exports
// what a fast call needs: the constructors v8::CFunctionInfo(return, argc, args) and
// v8::CFunction(address, info), and FunctionTemplate::New taking a `const CFunction *`. This
// header declares just those, written for the V8 that Node 20 ships (11.3).
//
// Invariants:
// - We never lay out CFunctionInfo ourselves: the exported constructor in the node binary fills
//   it; we only provide enough aligned storage (`kStorage` bytes), and `cbridge_check_layout()`
//   verifies through the exported ArgumentInfo() that V8 reads back what we gave it.
// - The numeric value of CTypeInfo::Type::kV8Value moved between V8 versions (types were
//   inserted before it). It is a compile-time parameter (CBRIDGE_V8VALUE_TYPE); the runtime
//   self-test (abi/fast-api.ts) finds the value this node accepts, or disables the tier.
#ifndef CBRIDGE_V8_FAST_API_H_
#define CBRIDGE_V8_FAST_API_H_

#include <stdint.h>
#include <v8.h>

#ifndef CBRIDGE_V8VALUE_TYPE
#define CBRIDGE_V8VALUE_TYPE 10
#endif

namespace v8 {

class CTypeInfo {
 public:
  // Values shared by V8 10.x-12.x; kV8Value's depends on the version (see above).
  enum class Type : uint8_t {
    kVoid = 0,
    kBool = 1,
    kUint8 = 2,
    kInt32 = 3,
    kUint32 = 4,
    kInt64 = 5,
    kUint64 = 6,
    kFloat32 = 7,
    kFloat64 = 8,
    kV8Value = CBRIDGE_V8VALUE_TYPE,
    kSeqOneByteString = CBRIDGE_V8VALUE_TYPE + 1,  // passed as `const FastOneByteString&`
  };
  enum class SequenceType : uint8_t { kScalar = 0 };
  enum class Flags : uint8_t { kNone = 0 };

  explicit constexpr CTypeInfo(Type type) : type_(type), sequence_type_(SequenceType::kScalar), flags_(Flags::kNone) {}

 private:
  Type type_;
  SequenceType sequence_type_;
  Flags flags_;
};

// A sequential one-byte (Latin-1) JS string, as a fast call receives it: not NUL-terminated.
struct FastOneByteString {
  const char* data;
  uint32_t length;
};

class V8_EXPORT CFunctionInfo {
 public:
  // Defined in the node binary.
  CFunctionInfo(const CTypeInfo& return_info, unsigned int arg_count, const CTypeInfo* arg_info);
  const CTypeInfo& ArgumentInfo(unsigned int index) const;

 private:
  // V8 11.3: return_info_ (3 bytes), arg_count_, arg_info_; room to spare for later fields.
  alignas(8) unsigned char storage_[32];
};

class V8_EXPORT CFunction {
 public:
  // Defined in the node binary.
  CFunction(const void* address, const CFunctionInfo* type_info);

 private:
  const void* address_;
  const CFunctionInfo* type_info_;
};

}  // namespace v8

// Whether V8 reads our CFunctionInfo back as we built it (call after constructing one).
inline bool cbridge_check_layout(const v8::CFunctionInfo& info, const v8::CTypeInfo* args, unsigned argc) {
  for (unsigned i = 0; i < argc; i++) {
    if (&info.ArgumentInfo(i) != &args[i]) return false;
  }
  return true;
}

#endif  // CBRIDGE_V8_FAST_API_H_
