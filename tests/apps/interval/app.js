App({ onLaunch() { setInterval(() => console.log('tick'), 1000) } })
