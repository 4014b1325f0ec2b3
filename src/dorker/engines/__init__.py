"""Engine profiles (data files) and the compiler that writes a neutral query for one engine."""
