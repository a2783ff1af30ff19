// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// The arithmetic-heavy workload: a small ray tracer in signed Q32.32 fixed point (int256
/// holding value * 2^32). Three spheres stand on a checkered floor under one point light,
/// with hard shadows and mirror reflections up to MAX_BOUNCES deep. `run` renders
/// width x height RGB pixels and returns the keccak256 of the image, so every pixel's
/// arithmetic has to come out bit-exact on every EVM.
///
/// It is written the way ordinary Solidity is (checked arithmetic, small pure functions, a
/// struct in memory for the ray), not hand-tuned: the point is what typical compiled code
/// costs. The only memory it allocates is the image and two rays.
contract RayTracer {
    int256 private constant ONE = 1 << 32;
    int256 private constant EPSILON = ONE / 1000;
    int256 private constant AMBIENT = (ONE * 12) / 100;
    int256 private constant LIGHT_X = -4 * ONE;
    int256 private constant LIGHT_Y = 7 * ONE;
    int256 private constant LIGHT_Z = -3 * ONE;
    uint256 private constant MAX_BOUNCES = 3;
    uint256 private constant SPHERES = 3;
    /// Object kinds: 0..SPHERES-1 are the spheres, then the floor; MISS means the sky.
    uint256 private constant FLOOR = SPHERES;
    uint256 private constant MISS = type(uint256).max;

    /// A ray (origin, unit direction) and the colour gathered along it so far; `weight` is
    /// how much of the next surface's colour still reaches the eye after earlier mirrors.
    struct Ray {
        int256 ox;
        int256 oy;
        int256 oz;
        int256 dx;
        int256 dy;
        int256 dz;
        int256 weight;
        int256 r;
        int256 g;
        int256 b;
    }

    function run(uint256 width, uint256 height) external pure returns (bytes32) {
        bytes memory image = new bytes(width * height * 3);
        Ray memory ray;
        Ray memory shadow;
        uint256 at = 0;
        for (uint256 y = 0; y < height; ++y) {
            for (uint256 x = 0; x < width; ++x) {
                primaryRay(ray, x, y, width, height);
                trace(ray, shadow);
                image[at] = channel(ray.r);
                image[at + 1] = channel(ray.g);
                image[at + 2] = channel(ray.b);
                at += 3;
            }
        }
        return keccak256(image);
    }

    /// The camera sits at (0, 1, -3) looking along +z at a screen one unit ahead.
    function primaryRay(Ray memory ray, uint256 x, uint256 y, uint256 width, uint256 height)
        private
        pure
    {
        int256 twiceHeight = 2 * int256(height);
        int256 sx = ((2 * int256(x) + 1 - int256(width)) * ONE) / twiceHeight;
        int256 sy = ((int256(height) - 2 * int256(y) - 1) * ONE) / twiceHeight;
        (ray.dx, ray.dy, ray.dz) = normalize(sx, sy, ONE);
        ray.ox = 0;
        ray.oy = ONE;
        ray.oz = -3 * ONE;
        ray.weight = ONE;
        ray.r = 0;
        ray.g = 0;
        ray.b = 0;
    }

    function trace(Ray memory ray, Ray memory shadow) private pure {
        for (uint256 bounce = 0; bounce < MAX_BOUNCES; ++bounce) {
            uint256 kind;
            {
                int256 t;
                (t, kind) = nearest(ray);
                if (kind == MISS) {
                    addSky(ray);
                    return;
                }
                ray.ox += mul(ray.dx, t);
                ray.oy += mul(ray.dy, t);
                ray.oz += mul(ray.dz, t);
            }
            (int256 nx, int256 ny, int256 nz) = normal(kind, ray);
            int256 mirror = reflectivity(kind);
            addSurface(ray, kind, mul(lighting(ray, nx, ny, nz, shadow), ONE - mirror));
            if (mirror == 0) {
                return;
            }
            ray.weight = mul(ray.weight, mirror);
            int256 twice = 2 * dot(ray.dx, ray.dy, ray.dz, nx, ny, nz);
            ray.dx -= mul(twice, nx);
            ray.dy -= mul(twice, ny);
            ray.dz -= mul(twice, nz);
        }
    }

    /// The closest object the ray hits in front of its origin, and the distance to it.
    function nearest(Ray memory ray) private pure returns (int256 best, uint256 kind) {
        kind = MISS;
        best = type(int256).max;
        for (uint256 k = 0; k < SPHERES; ++k) {
            int256 t = hitSphere(ray, k);
            if (t > EPSILON && t < best) {
                best = t;
                kind = k;
            }
        }
        // The floor is the plane y = 0, seen from above.
        if (ray.dy < 0 && ray.oy > 0) {
            int256 t = div(ray.oy, -ray.dy);
            if (t > EPSILON && t < best) {
                best = t;
                kind = FLOOR;
            }
        }
    }

    /// Distance along the ray to sphere k, or -1 when it misses: the smaller root of
    /// |o - c + t d|^2 = radius^2 that lies ahead, else the larger one.
    function hitSphere(Ray memory ray, uint256 k) private pure returns (int256) {
        int256 ox;
        int256 oy;
        int256 oz;
        int256 radius;
        {
            (int256 cx, int256 cy, int256 cz, int256 rad) = sphere(k);
            ox = ray.ox - cx;
            oy = ray.oy - cy;
            oz = ray.oz - cz;
            radius = rad;
        }
        int256 half = dot(ox, oy, oz, ray.dx, ray.dy, ray.dz);
        int256 disc = mul(half, half) - (dot(ox, oy, oz, ox, oy, oz) - mul(radius, radius));
        if (disc < 0) {
            return -1;
        }
        int256 root = sqrt(disc);
        int256 t = -half - root;
        return t > EPSILON ? t : -half + root;
    }

    /// Diffuse light at the ray's origin (a surface point with normal n), in shadow or not.
    function lighting(Ray memory at, int256 nx, int256 ny, int256 nz, Ray memory shadow)
        private
        pure
        returns (int256)
    {
        int256 distance;
        int256 diffuse;
        {
            int256 lx = LIGHT_X - at.ox;
            int256 ly = LIGHT_Y - at.oy;
            int256 lz = LIGHT_Z - at.oz;
            distance = sqrt(dot(lx, ly, lz, lx, ly, lz));
            shadow.dx = div(lx, distance);
            shadow.dy = div(ly, distance);
            shadow.dz = div(lz, distance);
            diffuse = dot(nx, ny, nz, shadow.dx, shadow.dy, shadow.dz);
        }
        if (diffuse <= 0) {
            return AMBIENT;
        }
        shadow.ox = at.ox;
        shadow.oy = at.oy;
        shadow.oz = at.oz;
        (int256 t, uint256 kind) = nearest(shadow);
        if (kind != MISS && t < distance) {
            return AMBIENT;
        }
        return AMBIENT + mul(diffuse, ONE - AMBIENT);
    }

    function normal(uint256 kind, Ray memory at)
        private
        pure
        returns (int256 nx, int256 ny, int256 nz)
    {
        if (kind == FLOOR) {
            return (0, ONE, 0);
        }
        (int256 cx, int256 cy, int256 cz, int256 radius) = sphere(kind);
        return (div(at.ox - cx, radius), div(at.oy - cy, radius), div(at.oz - cz, radius));
    }

    function addSurface(Ray memory ray, uint256 kind, int256 light) private pure {
        (int256 cr, int256 cg, int256 cb) = colour(kind, ray.ox, ray.oz);
        int256 amount = mul(light, ray.weight);
        ray.r += mul(cr, amount);
        ray.g += mul(cg, amount);
        ray.b += mul(cb, amount);
    }

    /// A vertical gradient from white at the horizon to blue overhead.
    function addSky(Ray memory ray) private pure {
        int256 up = ray.dy > 0 ? ray.dy : int256(0);
        ray.r += mul(ONE - mul(up, (ONE * 6) / 10), ray.weight);
        ray.g += mul(ONE - mul(up, (ONE * 4) / 10), ray.weight);
        ray.b += ray.weight;
    }

    function sphere(uint256 k)
        private
        pure
        returns (int256 cx, int256 cy, int256 cz, int256 radius)
    {
        if (k == 0) {
            return (0, ONE, 3 * ONE, ONE);
        }
        if (k == 1) {
            return ((-21 * ONE) / 10, (75 * ONE) / 100, (42 * ONE) / 10, (75 * ONE) / 100);
        }
        return ((18 * ONE) / 10, (55 * ONE) / 100, (22 * ONE) / 10, (55 * ONE) / 100);
    }

    function colour(uint256 kind, int256 x, int256 z)
        private
        pure
        returns (int256 r, int256 g, int256 b)
    {
        if (kind == 0) {
            return ((ONE * 90) / 100, (ONE * 25) / 100, (ONE * 20) / 100);
        }
        if (kind == 1) {
            return ((ONE * 20) / 100, (ONE * 80) / 100, (ONE * 30) / 100);
        }
        if (kind == 2) {
            return ((ONE * 25) / 100, (ONE * 35) / 100, (ONE * 95) / 100);
        }
        // One-unit checkers; >> on a signed value rounds down, so negative squares line up.
        if (((x >> 32) + (z >> 32)) & 1 == 0) {
            return ((ONE * 90) / 100, (ONE * 90) / 100, (ONE * 90) / 100);
        }
        return ((ONE * 20) / 100, (ONE * 20) / 100, (ONE * 20) / 100);
    }

    function reflectivity(uint256 kind) private pure returns (int256) {
        if (kind == 0) {
            return (ONE * 35) / 100;
        }
        if (kind == 2) {
            return (ONE * 60) / 100;
        }
        return 0;
    }

    /// A colour channel clamped to [0, 1] and scaled to a byte.
    function channel(int256 v) private pure returns (bytes1) {
        if (v <= 0) {
            return 0x00;
        }
        if (v >= ONE) {
            return 0xff;
        }
        return bytes1(uint8(uint256((v * 255) / ONE)));
    }

    function mul(int256 a, int256 b) private pure returns (int256) {
        return (a * b) >> 32;
    }

    function div(int256 a, int256 b) private pure returns (int256) {
        return (a << 32) / b;
    }

    function dot(int256 ax, int256 ay, int256 az, int256 bx, int256 by, int256 bz)
        private
        pure
        returns (int256)
    {
        return mul(ax, bx) + mul(ay, by) + mul(az, bz);
    }

    function normalize(int256 x, int256 y, int256 z) private pure returns (int256, int256, int256) {
        int256 len = sqrt(dot(x, y, z, x, y, z));
        return (div(x, len), div(y, len), div(z, len));
    }

    /// Square root of a non-negative fixed-point value: isqrt(x * 2^32).
    function sqrt(int256 x) private pure returns (int256) {
        return int256(isqrt(uint256(x) << 32));
    }

    /// floor(sqrt(n)) by Newton's method from a power of two above the root, from where
    /// the iterates fall monotonically onto the answer.
    function isqrt(uint256 n) private pure returns (uint256 r) {
        if (n == 0) {
            return 0;
        }
        uint256 log2 = 0;
        uint256 m = n;
        for (uint256 step = 128; step > 0; step >>= 1) {
            if (m >> step != 0) {
                m >>= step;
                log2 += step;
            }
        }
        r = uint256(1) << ((log2 >> 1) + 1);
        while (true) {
            uint256 next = (r + n / r) >> 1;
            if (next >= r) {
                return r;
            }
            r = next;
        }
    }
}
