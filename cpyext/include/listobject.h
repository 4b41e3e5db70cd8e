/* listobject.h: declared with tuples in tupleobject.h. */
#include "tupleobject.h"
