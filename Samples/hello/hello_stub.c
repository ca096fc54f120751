#include <caml/mlvalues.h>

/* The C stub of the sample: a pure function, fine on any target. */
value hello_stub_answer(value unit) {
  (void)unit;
  return Val_int(42);
}
