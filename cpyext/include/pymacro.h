/* pymacro.h: part of the headers Python.h includes. */
#include "Python.h"
