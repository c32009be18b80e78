console.log("forgot App()")
